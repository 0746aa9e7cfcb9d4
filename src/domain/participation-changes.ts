import {
  checkStep,
  factsOf,
  type Participation,
  type ParticipationEntry,
  type ParticipationFacts,
  type ParticipationSnapshot,
  type ParticipationState,
  type Step,
  type StepCheck,
} from './participation.js';

/** The step that stands last on a municipality's road: the one a correction or an undo changes. */
export interface LastStep {
  /** Its place in the history. */
  n: number;
  step: Step;
  from: ParticipationState;
  to: ParticipationState;
  /** Who recorded it (null once erased). */
  by: string | null;
  /** What it recorded, corrections included. */
  facts: ParticipationFacts;
}

/**
 * The last step still standing, read from the whole history: each step is laid on the road, an
 * undo takes its step off again (the one before becomes last), a correction changes its facts.
 * The invitation is not a step.
 */
export function lastStep(history: readonly (ParticipationEntry & { n: number })[]): LastStep | undefined {
  const road: LastStep[] = [];
  for (const e of history) {
    const top = road[road.length - 1];
    if (e.kind === 'undone') {
      if (top && top.n === e.step) road.pop();
    } else if (e.kind === 'corrected') {
      if (top && top.n === e.step && e.after) {
        top.to = e.after.state;
        top.facts = pick(e.after, factsOf(top.step));
      }
    } else if (e.from !== e.to) {
      road.push({ n: e.n, step: e.to === 'declined' ? 'decided' : (e.to as Step), from: e.from, to: e.to, by: e.by, facts: { ...(e.facts ?? {}) } });
    }
  }
  return road[road.length - 1];
}

const pick = (facts: ParticipationFacts, keys: readonly (keyof ParticipationFacts)[]): ParticipationFacts =>
  Object.fromEntries(keys.filter((k) => facts[k] !== undefined).map((k) => [k, facts[k]])) as ParticipationFacts;

/** The state and facts a municipality has now (what a history event keeps as before/after). */
export function snapshot(p: Participation): ParticipationSnapshot {
  const { id: _id, cluster: _c, municipality: _m, updatedAt: _u, ...rest } = p;
  return rest;
}

/** The municipality as it was before `last` was recorded: its state, without the facts it set. */
export function beforeStep(current: Participation, last: LastStep): Participation {
  const back: Participation = { ...current, state: last.from };
  for (const k of Object.keys(last.facts) as (keyof ParticipationFacts)[]) delete back[k];
  return back;
}

export type ChangeRight = { ok: true; noteRequired: boolean } | { ok: false; reason: 'forbidden' };

/**
 * Who may correct or undo the last step: the person who recorded it, or a coordinator of the
 * cluster. A coordinator (or anyone acting on the municipality's behalf) must say why in a note.
 */
export function changeRight(last: LastStep | undefined, who: { personId: string; coordinatesCluster: boolean; actingAsCoordinator: boolean }): ChangeRight {
  if (!last) return { ok: false, reason: 'forbidden' };
  const recorder = !!last.by && last.by === who.personId;
  if (!recorder && !who.coordinatesCluster) return { ok: false, reason: 'forbidden' };
  return { ok: true, noteRequired: !recorder || who.actingAsCoordinator };
}

export type CorrectionCheck = { ok: true; next: Participation } | { ok: false; reason: 'unchanged' | 'nothing-to-correct' } | Exclude<StepCheck, { ok: true }>;

/**
 * The last step recorded again with `facts` in place of what it said, checked by the same rules as
 * the step itself against the road before it (dates, order, what must be given). Turning a decision
 * to join into one to decline (or back) moves the state with it.
 */
export function correctLast(current: Participation, last: LastStep, facts: ParticipationFacts, today: string): CorrectionCheck {
  const keys = factsOf(last.step);
  if (!keys.length) return { ok: false, reason: 'nothing-to-correct' };
  const given = pick(facts, keys);
  if (keys.every((k) => (given[k] ?? '') === (last.facts[k] ?? ''))) return { ok: false, reason: 'unchanged' };
  const before = beforeStep(current, last);
  const check = checkStep(before, last.step, given, { actor: 'contact', today });
  if (!check.ok) return check;
  const next: Participation = { ...current, ...given, state: check.state };
  return { ok: true, next };
}

/** The municipality with its last step taken back: the state before it, its facts gone. */
export function undoLast(current: Participation, last: LastStep): Participation {
  return beforeStep(current, last);
}
