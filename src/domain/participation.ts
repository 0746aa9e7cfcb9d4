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

export interface ParticipationEntry {
  at: string;
  by: string | null;
  byName: string;
  as: 'contact' | 'coordinator' | 'admin';
  from: ParticipationState;
  to: ParticipationState;
  note?: string;
  facts?: ParticipationFacts;
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

export type StepCheck = { ok: true; state: ParticipationState } | { ok: false; reason: 'not-allowed' | 'missing'; missing?: (keyof ParticipationFacts)[] };

/**
 * Whether `step` may follow `current` with `facts`. A decision to decline ends the road
 * ("declined"); signing needs a decision to join. Coordinators acting on a municipality's behalf
 * must give a note.
 */
export function checkStep(current: Participation, step: Step, facts: ParticipationFacts, actor: ActorKind | 'admin', note?: string): StepCheck {
  const rule = PARTICIPATION_STEPS.find((r) => r.to === step && r.from.includes(current.state));
  if (!rule) return { ok: false, reason: 'not-allowed' };
  if (step === 'agreement-signed' && current.outcome !== 'join') return { ok: false, reason: 'not-allowed' };
  const missing = rule.requires.filter((k) => !facts[k]);
  if (actor === 'coordinator' && !note?.trim()) missing.push('note' as keyof ParticipationFacts);
  if (missing.length) return { ok: false, reason: 'missing', missing };
  if (step === 'decided' && facts.outcome === 'decline') return { ok: true, state: 'declined' };
  return { ok: true, state: step };
}

/** The next step a municipality in `state` can record, if any. */
export function nextStep(p: Pick<Participation, 'state' | 'outcome'>): Step | undefined {
  if (p.state === 'invited') return 'decision-pending';
  if (p.state === 'decision-pending') return 'decided';
  if (p.state === 'decided') return p.outcome === 'join' ? 'agreement-signed' : undefined;
  if (p.state === 'agreement-signed') return 'active';
  return undefined;
}
