import { catalogs, type MessageKey } from '../i18n/index.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function words(key: MessageKey): string {
  const all = new Set(Object.values(catalogs).map((c) => c[key].toLowerCase()));
  return [...all].map(escape).join('|');
}

/** Matches the command `key` typed alone, in any of the three languages ("hjelp", "help"). */
export function command(key: MessageKey): RegExp {
  return new RegExp(`^\\s*(?:${words(key)})\\s*[.!?]?\\s*$`, 'i');
}

/** Matches the command `key` followed by an argument ("språk nynorsk"); group 1 is the argument. */
export function commandWithArgument(key: MessageKey): RegExp {
  return new RegExp(`^\\s*(?:${words(key)})(?:\\s+(.+?))?\\s*$`, 'i');
}
