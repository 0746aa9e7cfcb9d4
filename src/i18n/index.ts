import nb from './locales/nb.json' with { type: 'json' };
import nn from './locales/nn.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import type { Language } from '../domain/people.js';
import { memoize } from '../domain/memoize.js';
import { compile, type Params } from './messages.js';

export type MessageKey = keyof typeof nb;
export const catalogs: Record<Language, Record<string, string>> = { nb, nn, en };

// Each message is compiled once per language, on first use: t() is on the hot path of every card.
const compiled: Record<Language, Map<string, ReturnType<typeof compile>>> = { nb: new Map(), nn: new Map(), en: new Map() };

/**
 * Translates `key` into `lang`: an ICU message (intl-messageformat) whose `{name}` placeholders and
 * `{count, plural, one {…} other {…}}` forms are filled from `params`.
 */
export function t(lang: Language, key: MessageKey, params: Params = {}): string {
  const cache = compiled[lang];
  let message = cache.get(key);
  if (!message) cache.set(key, (message = compile(lang, catalogs[lang][key] ?? catalogs.nb[key] ?? key)));
  return message.format(params);
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

const timeFormatter = memoize(
  (locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }),
  (locale, timeZone) => `${locale}|${timeZone}`,
);

/** The time of day of an instant ("23:59"), in the given time zone. */
export function formatTime(lang: Language, iso: string, timeZone = 'Europe/Oslo'): string {
  return timeFormatter(lang === 'en' ? 'en-GB' : 'nb-NO', timeZone).format(new Date(iso));
}

/** Formats a date the way the person's language writes it (Oslo time). */
export function formatDate(lang: Language, iso: string, timeZone = 'Europe/Oslo'): string {
  return formatter(lang === 'en' ? 'en-GB' : 'nb-NO', timeZone).format(new Date(iso));
}
