import { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';
import { containsFodselsnummer } from './needs/fnr.js';

/**
 * Characters a person cannot see that change how text reads: bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069), the direction marks U+200E/200F, and zero-width
 * characters (U+200B–200D, U+2060, U+FEFF). Stripped from what people type, and again at render.
 */
export const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

export const stripInvisible = (s: string): string => s.replace(INVISIBLE, '');

/** The zod issue message for text that holds a national identity number. */
export const PERSONAL_DATA = 'personalData';

/**
 * Every text a person types into a card goes through this: invisible characters stripped, trimmed,
 * capped at `max` (`tooLong`), required when asked (`required`), and refused when it holds a valid
 * fødselsnummer (`personalData`, with the catalog key naming the field in `params.field`).
 */
export function freeText(field: MessageKey, max: number, opts: { required?: boolean } = {}) {
  return z
    .string({ invalid_type_error: 'invalid', required_error: 'required' })
    .transform((s) => stripInvisible(s).trim())
    .pipe(opts.required ? z.string().min(1, 'required').max(max, 'tooLong') : z.string().max(max, 'tooLong'))
    .superRefine((v, ctx) => {
      if (containsFodselsnummer(v)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: PERSONAL_DATA, params: { field } });
    });
}

/** An optional free text: missing means empty. */
export const optionalText = (field: MessageKey, max: number) => freeText(field, max).optional().default('');

/** The field key of the first personal-data issue of a failed parse, if there is one. */
export function personalDataField(error: z.ZodError): MessageKey | undefined {
  const issue = error.issues.find((i) => i.message === PERSONAL_DATA);
  return issue && issue.code === 'custom' ? (issue.params?.field as MessageKey) : undefined;
}
