import type { Language } from '../domain/people.js';

const dayFormats = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** A calendar day (YYYY-MM-DD) as the person's language writes it: "15. januar 2027", "15 January 2027". */
export function formatDay(lang: Language, isoDay: string): string {
  return dayFormats[lang === 'en' ? 'en' : 'nb'].format(new Date(`${isoDay}T12:00:00Z`));
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/** The local day of an instant, short: "3. des.", "3 Dec". */
export function formatShortDate(lang: Language, iso: string, timeZone: string): string {
  const locale = lang === 'en' ? 'en-GB' : 'nb-NO';
  const key = `${locale}|${timeZone}`;
  let f = shortFormats.get(key);
  if (!f) shortFormats.set(key, (f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone })));
  return f.format(new Date(iso));
}
