import nb from './locales/nb.json' with { type: 'json' };
import nn from './locales/nn.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import type { Language } from '../domain/people.js';
import { memoize } from '../domain/memoize.js';

export type MessageKey = keyof typeof nb;
export const catalogs: Record<Language, Record<string, string>> = { nb, nn, en };

/** Translates `key` into `lang`, filling `{name}` placeholders from `params`. */
export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[lang][key] ?? catalogs.nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** A translator bound to one language. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  return (key, params) => t(lang, key, params);
}

const formatter = memoize(
  (locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  (locale, timeZone) => `${locale}|${timeZone}`,
);

/** Formats a date the way the person's language writes it (Oslo time). */
export function formatDate(lang: Language, iso: string, timeZone = 'Europe/Oslo'): string {
  return formatter(lang === 'en' ? 'en-GB' : 'nb-NO', timeZone).format(new Date(iso));
}
