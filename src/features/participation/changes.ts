import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { DateProblem, Participation, ParticipationFacts } from '../../domain/participation.js';
import { changeRight, correctLast, lastStep, snapshot, undoLast, type LastStep } from '../../domain/participation-changes.js';
import { changeLimiter } from '../change-limiter.js';
import { actingAs, today, trackedMunicipalities } from './service.js';

export type ChangeResult =
  | { ok: true; value: Participation; last: LastStep }
  | { ok: false; problem: 'forbidden' | 'stale' | 'note-required' | 'unchanged' | 'nothing-to-correct' | 'not-allowed' | 'slow-down' }
  | { ok: false; problem: 'missing'; missing: string[] }
  | { ok: false; problem: 'date'; date: DateProblem };

/** The last step of a municipality and whether this person may correct or undo it (and must give a note). */
export async function lastStepFor(deps: Deps, identity: Identity, cluster: string, municipality: string) {
  const p = await deps.store.participation.get(cluster, municipality);
  const last = lastStep(await deps.store.participation.events.list(p.id));
  const as = actingAs(identity, cluster, municipality);
  const tracked = (await trackedMunicipalities(deps, cluster)).includes(municipality);
  const right =
    as && tracked
      ? changeRight(last, {
          personId: identity.personId,
          coordinatesCluster: identity.coordinatedClusters.includes(cluster),
          actingAsCoordinator: as === 'coordinator',
        })
      : ({ ok: false, reason: 'forbidden' } as const);
  return { p, last, as, right };
}

/**
 * Corrects (`facts`) or undoes (`facts` undefined) the last step, if it is still the step the
 * person's card showed (`stepN`). The change is a history event of its own with the state and
 * facts before and after; nothing is removed from the history.
 */
export async function changeLastStep(
  deps: Deps,
  identity: Identity,
  cluster: string,
  municipality: string,
  stepN: number,
  note: string,
  facts?: ParticipationFacts,
): Promise<ChangeResult> {
  const { p, last, as, right } = await lastStepFor(deps, identity, cluster, municipality);
  if (!right.ok || !as) return { ok: false, problem: 'forbidden' };
  if (!last || last.n !== stepN) return { ok: false, problem: 'stale' };
  if (right.noteRequired && !note.trim()) return { ok: false, problem: 'note-required' };
  let next: Participation;
  if (facts) {
    const check = correctLast(p, last, facts, today(deps));
    if (!check.ok) {
      if (check.reason === 'missing') return { ok: false, problem: 'missing', missing: check.missing };
      if (check.reason === 'invalid-date' || check.reason === 'future' || check.reason === 'before') return { ok: false, problem: 'date', date: check };
      return { ok: false, problem: check.reason };
    }
    next = check.next;
  } else {
    next = undoLast(p, last);
  }
  if (!(await changeLimiter(deps).allow(identity.personId, deps.clock.now()))) return { ok: false, problem: 'slow-down' };
  const now = deps.clock.now().toISOString();
  next = { ...next, updatedAt: now };
  const entry = {
    at: now,
    by: identity.personId,
    byName: identity.name,
    as,
    kind: facts ? ('corrected' as const) : ('undone' as const),
    step: last.n,
    from: p.state,
    to: next.state,
    ...(note.trim() ? { note: note.trim() } : {}),
    before: snapshot(p),
    after: snapshot(next),
  };
  await deps.store.participation.commit([deps.store.participation.op(next), await deps.store.participation.historyOp(p.id, entry)]);
  deps.logger.info({ cluster, municipality, kind: entry.kind, step: last.step, from: p.state, to: next.state, as }, 'participation step changed');
  return { ok: true, value: next, last };
}
