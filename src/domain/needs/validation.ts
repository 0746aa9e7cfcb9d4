import { z } from 'zod';
import { SERVICE_AREAS, URGENCIES, TEXT_FIELDS, type NeedFields } from './types.js';
import { containsFodselsnummer } from './fnr.js';
import { freeText } from '../free-text.js';
import { memoize } from '../memoize.js';

export const LIMITS: Record<(typeof TEXT_FIELDS)[number], number> = {
  title: 120,
  description: 2000,
  population: 500,
  intervention: 500,
  comparison: 500,
  outcome: 500,
  decision: 500,
};
export const REQUIRED: readonly (keyof NeedFields)[] = ['title', 'description', 'serviceArea', 'urgency', 'theme'];

export type Problem = 'required' | 'tooLong' | 'invalidChoice' | 'personalData' | 'invalid';
export interface FieldError {
  field: keyof NeedFields;
  problem: Problem;
  max?: number;
}

export type NeedInputResult = { ok: true; value: NeedFields } | { ok: false; errors: FieldError[]; values: Record<string, string> };

const text = (field: keyof typeof LIMITS) => freeText(`need.fieldName.${field}`, LIMITS[field], { required: REQUIRED.includes(field) });
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string({ required_error: 'required', invalid_type_error: 'invalid' })
    .refine((v) => v !== '', 'required')
    .pipe(z.enum(values, { errorMap: () => ({ message: 'invalidChoice' }) }));

const buildSchema = (themes: [string, ...string[]]) =>
  z.object({
    title: text('title'),
    description: text('description'),
    population: text('population').default(''),
    intervention: text('intervention').default(''),
    comparison: text('comparison').default(''),
    outcome: text('outcome').default(''),
    decision: text('decision').default(''),
    serviceArea: choice(SERVICE_AREAS),
    urgency: choice(URGENCIES),
    theme: choice(themes),
  });

/** Built once per set of themes (building a zod schema costs more than using it). */
const schema = memoize(buildSchema, (themes) => themes.join('\n'));

/** The person's raw inputs, as strings, to put back into the form when something is wrong. */
export function echoValues(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const key of [...TEXT_FIELDS, 'serviceArea', 'urgency', 'theme']) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v.slice(0, 4000);
  }
  return out;
}

/**
 * Validates a submitted need form on the server: lengths, required fields, known choices, and no
 * national identity number in any text field. Never trusts what the card claims.
 */
export function validateNeedInput(raw: unknown, themes: string[]): NeedInputResult {
  const parsed = schema(themes as [string, ...string[]]).safeParse(raw ?? {});
  const errors: FieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof NeedFields;
      if (errors.some((e) => e.field === field)) continue;
      const problem = (['required', 'tooLong', 'invalidChoice', 'invalid', 'personalData'].includes(issue.message) ? issue.message : 'invalid') as Problem;
      errors.push({ field, problem, ...(problem === 'tooLong' ? { max: LIMITS[field as keyof typeof LIMITS] } : {}) });
    }
  }
  const values = echoValues(raw);
  for (const field of TEXT_FIELDS) {
    // only fields within their length cap reach the pattern
    if (values[field] && !errors.some((e) => e.field === field) && containsFodselsnummer(values[field])) {
      errors.push({ field, problem: 'personalData' });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors, values };
  return { ok: true, value: parsed.data };
}
