import { DateTime } from 'luxon';
import type { ActorKind } from './needs/types.js';

export const PARTICIPATION_STATES = ['invited', 'decision-pending', 'decided', 'agreement-signed', 'active', 'declined'] as const;
export type ParticipationState = (typeof PARTICIPATION_STATES)[number];
export const FINAL_PARTICIPATION: readonly ParticipationState[] = ['active', 'declined'];

/** The facts recorded along the way (dates are YYYY-MM-DD). */
export interface ParticipationFacts {
  invitedDate?: string;
  meetingDate?: string;
  decisionDate?: string;
  caseNumber?: string;
  outcome?: 'join' | 'decline';
  signedDate?: string;
  signedBy?: string;
  contactName?: string;
  contactEmail?: string;
}

/** A municipality's state and facts at one moment (what a correction or an undo changed). */
export type ParticipationSnapshot = { state: ParticipationState } & ParticipationFacts;

export interface ParticipationEntry {
  at: string;
  by: string | null;
  byName: string;
  as: 'contact' | 'coordinator' | 'admin';
  from: ParticipationState;
  to: ParticipationState;
  note?: string;
  facts?: ParticipationFacts;
  /** A step (absent: a step, or the invitation when `from` equals `to`), or a change to the last step. */
  kind?: 'step' | 'corrected' | 'undone';
  /** For a correction or an undo: the history place (`n`) of the step it changed. */
  step?: number;
  before?: ParticipationSnapshot;
  after?: ParticipationSnapshot;
}

/** One municipality's road into one cluster. */
export interface Participation extends ParticipationFacts {
  id: string;
  cluster: string;
  municipality: string;
  state: ParticipationState;
  updatedAt: string;
}

export type Step = 'decision-pending' | 'decided' | 'agreement-signed' | 'active';

interface Rule {
  from: readonly ParticipationState[];
  to: Step;
  /** Facts that must be given for this step. */
  requires: readonly (keyof ParticipationFacts)[];
}

/** The one table of steps: from which state, and what must be recorded. */
export const PARTICIPATION_STEPS: readonly Rule[] = [
  { from: ['invited'], to: 'decision-pending', requires: ['meetingDate'] },
  { from: ['invited', 'decision-pending'], to: 'decided', requires: ['decisionDate', 'caseNumber', 'outcome'] },
  { from: ['decided'], to: 'agreement-signed', requires: ['signedDate', 'signedBy'] },
  { from: ['agreement-signed'], to: 'active', requires: [] },
];

export type DateField = 'meetingDate' | 'decisionDate' | 'signedDate';
export const DATE_FIELDS: readonly DateField[] = ['meetingDate', 'decisionDate', 'signedDate'];

/** Dates that record something done: they cannot lie after today. A meeting may be ahead. */
const DONE_DATES: readonly DateField[] = ['decisionDate', 'signedDate'];

/** The earlier date each date must not precede: the previous step's. */
const PREVIOUS: Record<DateField, keyof ParticipationFacts> = { meetingDate: 'invitedDate', decisionDate: 'meetingDate', signedDate: 'decisionDate' };

/** Why a date cannot stand: not a real day, after today, or before the previous step's date (`other`, `otherDate`). */
export type DateProblem =
  | { reason: 'invalid-date'; field: DateField; value: string }
  | { reason: 'future'; field: DateField; value: string; today: string }
  | { reason: 'before'; field: DateField; value: string; other: keyof ParticipationFacts; otherDate: string };

export type StepCheck =
  | { ok: true; state: ParticipationState }
  | { ok: false; reason: 'not-allowed' }
  | { ok: false; reason: 'missing'; missing: (keyof ParticipationFacts)[] }
  | ({ ok: false } & DateProblem);

/** A real calendar day written YYYY-MM-DD, in this century or the next ("2026-02-30" is not). */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y < 2200 && at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** Today's date (YYYY-MM-DD) in `zone` at the instant `now`: what "today" is for the people of KSF. */
export function dayIn(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/**
 * The dates given for a step checked against the calendar and the road so far (`current`):
 * each a real day; a decision or a signature not after `today`; none before the previous step's date.
 */
export function checkDates(
  current: ParticipationFacts,
  facts: ParticipationFacts,
  fields: readonly (keyof ParticipationFacts)[],
  today: string,
): DateProblem | undefined {
  for (const field of DATE_FIELDS.filter((f) => fields.includes(f) && facts[f])) {
    const value = facts[field]!;
    if (!isCalendarDay(value)) return { reason: 'invalid-date', field, value };
    if (DONE_DATES.includes(field) && value > today) return { reason: 'future', field, value, today };
    const other = PREVIOUS[field];
    const otherDate = facts[other] || current[other];
    if (otherDate && isCalendarDay(otherDate) && value < otherDate) return { reason: 'before', field, value, other, otherDate };
  }
  return undefined;
}

/** Who records a step and what day it is where they are. */
export interface StepContext {
  actor: ActorKind | 'admin';
  /** Required of a coordinator acting on a municipality's behalf. */
  note?: string;
  /** Today in KSF_TIMEZONE (see {@link dayIn}). */
  today: string;
}

/**
 * Whether `step` may follow `current` with `facts`. A decision to decline ends the road
 * ("declined"); signing needs a decision to join. Coordinators acting on a municipality's behalf
 * must give a note. Dates must be possible (see {@link checkDates}).
 */
export function checkStep(current: Participation, step: Step, facts: ParticipationFacts, { actor, note, today }: StepContext): StepCheck {
  const rule = PARTICIPATION_STEPS.find((r) => r.to === step && r.from.includes(current.state));
  if (!rule) return { ok: false, reason: 'not-allowed' };
  if (step === 'agreement-signed' && current.outcome !== 'join') return { ok: false, reason: 'not-allowed' };
  const missing = rule.requires.filter((k) => !facts[k]);
  if (actor === 'coordinator' && !note?.trim()) missing.push('note' as keyof ParticipationFacts);
  if (missing.length) return { ok: false, reason: 'missing', missing };
  const dates = checkDates(current, facts, rule.requires, today);
  if (dates) return { ok: false, ...dates };
  if (step === 'decided' && facts.outcome === 'decline') return { ok: true, state: 'declined' };
  return { ok: true, state: step };
}

/** The facts a step records (what a correction may change). */
export function factsOf(step: Step): readonly (keyof ParticipationFacts)[] {
  return PARTICIPATION_STEPS.find((r) => r.to === step)?.requires ?? [];
}

/** The next step a municipality in `state` can record, if any. */
export function nextStep(p: Pick<Participation, 'state' | 'outcome'>): Step | undefined {
  if (p.state === 'invited') return 'decision-pending';
  if (p.state === 'decision-pending') return 'decided';
  if (p.state === 'decided') return p.outcome === 'join' ? 'agreement-signed' : undefined;
  if (p.state === 'agreement-signed') return 'active';
  return undefined;
}
