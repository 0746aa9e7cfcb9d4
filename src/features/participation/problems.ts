import type { Language } from '../../domain/people.js';
import type { DateProblem } from '../../domain/participation.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { day } from './views.js';

/** Why a date was refused, in words that name the field, the date given and the date it clashes with. */
export function dateProblem(tr: Translate, lang: Language, p: DateProblem): string {
  const field = tr(`part.field.${p.field}`);
  if (p.reason === 'invalid-date') return tr('part.date.invalid', { field, value: p.value });
  if (p.reason === 'future') return tr('part.date.future', { field, value: day(lang, p.value), today: day(lang, p.today) });
  return tr('part.date.before', { field, value: day(lang, p.value), other: tr(`part.fieldName.${p.other}` as MessageKey), otherDate: day(lang, p.otherDate) });
}

/** A field name at the start of a sentence. */
export const capitalised = (s: string): string => s.charAt(0).toLocaleUpperCase('nb') + s.slice(1);
