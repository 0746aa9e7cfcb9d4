import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '../domain/people.js';

/** The locale whose plural rules and number format a language's messages use. */
export const PLURAL_LOCALE: Record<Language, string> = { nb: 'nb', nn: 'nn', en: 'en' };

export type Params = Record<string, string | number>;
type Compiled = { format(params: Params): string };

const literal = (text: string): Compiled => ({ format: () => text });

/**
 * One ICU message compiled for `lang`. Tags are plain text (`ignoreTag`): our catalogs hold no
 * markup, and a `<` in a value must not start one. A text with no `{` is kept as it is.
 */
export function compile(lang: Language, text: string): Compiled {
  if (!text.includes('{')) return literal(text);
  let message: IntlMessageFormat;
  try {
    message = new IntlMessageFormat(text, PLURAL_LOCALE[lang], undefined, { ignoreTag: true });
  } catch {
    // A value that is not valid ICU (the catalog test refuses it) still shows, unfilled.
    return literal(text);
  }
  return {
    format(params) {
      try {
        return message.format(params) as string;
      } catch {
        return message.format(withMissing(text, params)) as string;
      }
    },
  };
}

/** As before ICU: a placeholder with no value shows as `{name}` rather than failing the turn. */
function withMissing(text: string, params: Params): Params {
  const filled: Params = { ...params };
  for (const [, name] of text.matchAll(/\{\s*(\w+)/g)) if (!(name in filled)) filled[name] = `{${name}}`;
  return filled;
}
