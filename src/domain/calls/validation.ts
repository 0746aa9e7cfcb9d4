import { z } from 'zod';
import { AUDIENCES, CALL_KINDS, type CallContent } from './types.js';
import { deadlineInFuture } from './rules.js';
import { freeText } from '../free-text.js';

export const CALL_LIMITS = { title: 120, summary: 500, body: 4000, sender: 200, link: 500 } as const;
export type CallField = keyof typeof CALL_LIMITS | 'deadline' | 'kind' | 'target' | 'audience' | 'municipalities' | 'needs';
/** At most this many needs can be named as answered by one call. */
export const MAX_LINKED_NEEDS = 20;
export type CallProblem = 'required' | 'tooLong' | 'invalidChoice' | 'httpsOnly' | 'pastDeadline' | 'invalid' | 'noMunicipalities' | 'personalData';
export interface CallFieldError {
  field: CallField;
  problem: CallProblem;
  max?: number;
}

const text = (field: keyof typeof CALL_LIMITS, required: boolean) => freeText(`call.fieldName.${field}`, CALL_LIMITS[field], { required });

const raw = z.object({
  title: text('title', true),
  summary: text('summary', true),
  body: text('body', false).default(''),
  sender: text('sender', true),
  link: text('link', false)
    .default('')
    .refine((v) => v === '' || /^https:\/\/[^\s/$.?#][^\s]*$/i.test(v), 'httpsOnly'),
  deadline: z.string({ required_error: 'required', invalid_type_error: 'invalid' }).min(1, 'required'),
  kind: z.enum(CALL_KINDS, { errorMap: () => ({ message: 'invalidChoice' }) }),
  target: z.string({ required_error: 'required' }).regex(/^(cluster|region):[\w-]+$|^chosen$/, 'invalidChoice'),
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: 'invalidChoice' }) }),
  municipalities: z.string().optional().default(''),
  /** The multi-select of prioritised needs: comma-separated ids (checked against the coordinator's scope by the caller). */
  needs: z
    .string({ invalid_type_error: 'invalidChoice' })
    .max(MAX_LINKED_NEEDS * 40, 'invalidChoice')
    .optional()
    .default('')
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().uuid('invalidChoice')).max(MAX_LINKED_NEEDS, 'invalidChoice')),
});

export type CallInputResult = { ok: true; value: CallContent } | { ok: false; errors: CallFieldError[]; values: Record<string, string> };

export function echoCallValues(input: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input || typeof input !== 'object') return out;
  for (const k of ['title', 'summary', 'body', 'sender', 'link', 'deadline', 'kind', 'target', 'audience', 'municipalities', 'needs']) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v.slice(0, 8000);
  }
  return out;
}

/** Validates the compose form on the server (the card's own checks are only a convenience). */
export function validateCallInput(input: unknown, now: Date, timezone: string): CallInputResult {
  const values = echoCallValues(input);
  const parsed = raw.safeParse(input ?? {});
  const errors: CallFieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CallField;
      if (errors.some((e) => e.field === field)) continue;
      const known: CallProblem[] = ['required', 'tooLong', 'invalidChoice', 'httpsOnly', 'invalid', 'personalData'];
      const problem = (known.includes(issue.message as CallProblem) ? issue.message : 'invalid') as CallProblem;
      errors.push({ field, problem, ...(problem === 'tooLong' ? { max: CALL_LIMITS[field as keyof typeof CALL_LIMITS] } : {}) });
    }
    return { ok: false, errors, values };
  }
  const v = parsed.data;
  if (!deadlineInFuture(v.deadline, now, timezone)) errors.push({ field: 'deadline', problem: 'pastDeadline' });
  const chosen = v.municipalities
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (v.target === 'chosen' && (!chosen.length || chosen.some((m) => !/^\d{4}$/.test(m))))
    errors.push({ field: 'municipalities', problem: 'noMunicipalities' });
  if (errors.length) return { ok: false, errors, values };
  const [type, id] = v.target.split(':');
  const target = v.target === 'chosen' ? { type: 'municipalities' as const, ids: chosen } : { type: type as 'cluster' | 'region', id };
  return {
    ok: true,
    value: {
      title: v.title,
      summary: v.summary,
      body: v.body,
      sender: v.sender,
      link: v.link,
      deadline: v.deadline,
      kind: v.kind,
      target,
      audience: v.audience,
      needIds: v.needs,
    },
  };
}
