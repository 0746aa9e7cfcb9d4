import type { Language } from './people.js';

/** Maps a Teams locale (`nb-NO`, `nn-NO`, `no`, `en-US` …) to a catalog, if we have one. */
export function languageFromLocale(locale: unknown): Language | undefined {
  if (typeof locale !== 'string') return undefined;
  const l = locale.slice(0, 100).toLowerCase();
  if (l.startsWith('nn')) return 'nn';
  if (l.startsWith('nb') || l === 'no' || l.startsWith('no-')) return 'nb';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

/**
 * A person's language: their own choice, else their municipality's written standard (nynorsk
 * municipalities speak nynorsk), else the Teams locale, else bokmål.
 */
export function resolveLanguage(input: { choice?: Language; languageForm?: 'nb' | 'nn' | 'neutral'; locale?: unknown }): Language {
  if (input.choice) return input.choice;
  if (input.languageForm === 'nn') return 'nn';
  return languageFromLocale(input.locale) ?? 'nb';
}

/** Recognises what a person may type to choose a language, in any of the three. */
export function parseLanguageWord(word: unknown): Language | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toLowerCase();
  if (['nynorsk', 'nn'].includes(w)) return 'nn';
  if (['bokmål', 'bokmal', 'nb', 'norsk'].includes(w)) return 'nb';
  if (['english', 'engelsk', 'en'].includes(w)) return 'en';
  return undefined;
}
