import type { ActorKind, NeedStatus } from './types.js';

export interface Transition {
  from: readonly NeedStatus[];
  to: NeedStatus;
  by: ActorKind;
  /** A note is required (a question, a reason) or optional. */
  note: 'required' | 'optional';
  /**
   * The move passes over a step nobody took (`unassessed`: no contact person has assessed the
   * need). Allowed, but only with a reason, and kept in the history and on the card as an override.
   */
  override?: Override;
}

export const OVERRIDES = ['unassessed'] as const;
export type Override = (typeof OVERRIDES)[number];

/**
 * Who may move which status to which: the one table every action is checked against,
 * whatever the card payload says.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: ['received'], to: 'assessed', by: 'contact', note: 'required' },
  { from: ['received', 'assessed'], to: 'returned', by: 'contact', note: 'required' },
  { from: ['returned'], to: 'received', by: 'author', note: 'optional' },
  { from: ['received', 'returned'], to: 'withdrawn', by: 'author', note: 'optional' },
  { from: ['assessed'], to: 'prioritised', by: 'coordinator', note: 'optional' },
  { from: ['received'], to: 'prioritised', by: 'coordinator', note: 'required', override: 'unassessed' },
  { from: ['assessed', 'prioritised'], to: 'answered-summary', by: 'coordinator', note: 'optional' },
  { from: ['assessed', 'prioritised'], to: 'answered-project', by: 'coordinator', note: 'optional' },
  { from: ['received', 'assessed', 'prioritised'], to: 'declined', by: 'coordinator', note: 'required' },
];

export type TransitionCheck = { ok: true; rule: Transition } | { ok: false; reason: 'not-allowed' } | { ok: false; reason: 'note-required'; rule: Transition };

/** The rule that lets one of `actors` move `from` to `to` with `note`, or why not. */
export function checkTransition(actors: readonly ActorKind[], from: NeedStatus, to: NeedStatus, note: string | undefined): TransitionCheck {
  const rule = TRANSITIONS.find((t) => t.to === to && t.from.includes(from) && actors.includes(t.by));
  if (!rule) return { ok: false, reason: 'not-allowed' };
  if (rule.note === 'required' && !note?.trim()) return { ok: false, reason: 'note-required', rule };
  return { ok: true, rule };
}

/** The statuses `actors` may move a need in `from` to, in table order. */
export function allowedTargets(actors: readonly ActorKind[], from: NeedStatus): Transition[] {
  return TRANSITIONS.filter((t) => t.from.includes(from) && actors.includes(t.by));
}

/** The author may edit while the need is still theirs to change. */
export function authorMayEdit(status: NeedStatus): boolean {
  return status === 'received' || status === 'returned';
}
