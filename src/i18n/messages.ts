import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import type { Language } from '../domain/people.js';
import { memoize } from '../domain/memoize.js';

/** The locale whose plural rules and number format a language's messages use. */
export const PLURAL_LOCALE: Record<Language, string> = { nb: 'nb', nn: 'nn', en: 'en' };

export type Params = Record<string, string | number>;
type Compiled = { format(params: Params): string };

const literal = (text: string): Compiled => ({ format: () => text });

type Locales = string | string[] | undefined;
/**
 * Norwegian groups thousands with a no-break space from five digits on (2000, 12 345), as Språkrådet
 * allows and as the texts wrote "2000 tegn" before; English keeps its comma (2,000).
 */
const grouping = (locales: Locales): Intl.NumberFormatOptions => (locales === 'nb' || locales === 'nn' ? { useGrouping: 'min2' } : {});
const optionsKey = (locales: Locales, options?: object) => `${String(locales)}|${options ? JSON.stringify(options) : ''}`;
/**
 * One set of Intl formatters shared by every message (a handful of locales and options in all), kept
 * by a cheap key: intl-messageformat's own caches serialise every call's arguments.
 */
const formatters: Formatters = {
  getNumberFormat: memoize((locales: Locales, options?: object) => new Intl.NumberFormat(locales, { ...grouping(locales), ...options }), optionsKey),
  getDateTimeFormat: memoize((locales: Locales, options?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locales, options), optionsKey),
  getPluralRules: memoize(
    (locales: Locales, options?: Intl.PluralRulesOptions) => new Intl.PluralRules(locales, options),
    (locales: Locales, options?: Intl.PluralRulesOptions) => `${String(locales)}|${options?.type ?? ''}`,
  ),
};
const OPTIONS = { ignoreTag: true, formatters };

/**
 * One ICU message compiled for `lang`. Tags are plain text (`ignoreTag`): our catalogs hold no
 * markup, and a `<` in a value must not start one. A text with no `{` is kept as it is.
 */
export function compile(lang: Language, text: string): Compiled {
  if (!text.includes('{')) return literal(text);
  let message: IntlMessageFormat;
  try {
    message = new IntlMessageFormat(text, PLURAL_LOCALE[lang], undefined, OPTIONS);
  } catch {
    // A value that is not valid ICU (the catalog test refuses it) still shows, unfilled.
    return literal(text);
  }
  return {
    format(params) {
      try {
        return message.format(params) as string;
      } catch {
        try {
          return new IntlMessageFormat(showMissing(text, params), PLURAL_LOCALE[lang], undefined, OPTIONS).format(params) as string;
        } catch {
          return text; // e.g. a count that is not a number: a text is never worth failing the turn
        }
      }
    },
  };
}

/**
 * As before ICU: an argument with no value shows as `{name}` rather than failing the turn. Each such
 * argument, with its plural forms if any, becomes the quoted literal `'{name}'`.
 */
function showMissing(text: string, params: Params): string {
  let out = '';
  let i = 0;
  for (const m of text.matchAll(/\{\s*(\w+)\s*[,}]/g)) {
    if (m.index < i || m[1] in params) continue;
    let depth = 0;
    let end = m.index;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    out += `${text.slice(i, m.index)}'{${m[1]}}'`;
    i = end + 1;
  }
  return out + text.slice(i);
}
