import type { OutboxMessage } from '../../domain/outbox.js';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import { checkStep, dayIn, FINAL_PARTICIPATION, type DateProblem, type Participation, type ParticipationFacts, type Step } from '../../domain/participation.js';
import { contactPersonIds, messageTo } from '../notices.js';
import { participationReminderView, type ParticipationReminderVm } from './views.js';
import { changeLimiter } from '../change-limiter.js';
import { trackedMunicipalities } from './tracked.js';

export { trackedMunicipalities } from './tracked.js';

export type RecordResult =
  | { ok: true; value: Participation }
  | { ok: false; problem: 'forbidden' | 'not-allowed' | 'missing' | 'unchanged' | 'slow-down'; missing?: string[] }
  | { ok: false; problem: 'date'; date: DateProblem };

/** The capacity in which a person acts on a municipality's participation, if any. */
export function actingAs(identity: Identity, cluster: string, municipality: string): 'contact' | 'admin' | 'coordinator' | undefined {
  if (identity.municipality === municipality && identity.roles.includes('contact')) return 'contact';
  if (identity.municipality === municipality && identity.roles.includes('admin')) return 'admin';
  if (identity.coordinatedClusters.includes(cluster)) return 'coordinator';
  return undefined;
}

/** Today in KSF_TIMEZONE by the bot's clock. */
export const today = (deps: Deps): string => dayIn(deps.clock.now(), deps.config.timezone);

export async function recordStep(
  deps: Deps,
  identity: Identity,
  cluster: string,
  municipality: string,
  step: Step,
  facts: ParticipationFacts,
  note: string,
): Promise<RecordResult> {
  const as = actingAs(identity, cluster, municipality);
  if (!as || !(await trackedMunicipalities(deps, cluster)).includes(municipality)) return { ok: false, problem: 'forbidden' };
  const current = await deps.store.participation.get(cluster, municipality);
  // the same step again by the same person (a double click, a retry): already recorded
  if (current.state === step && (await deps.store.participation.events.last(current.id))?.by === identity.personId) return { ok: false, problem: 'unchanged' };
  const check = checkStep(current, step, facts, { actor: as === 'coordinator' ? 'coordinator' : 'contact', note, today: today(deps) });
  if (!check.ok)
    return check.reason === 'not-allowed' || check.reason === 'missing'
      ? { ok: false, problem: check.reason, missing: 'missing' in check ? check.missing : undefined }
      : { ok: false, problem: 'date', date: check };
  if (!(await changeLimiter(deps).allow(identity.personId, deps.clock.now()))) return { ok: false, problem: 'slow-down' };
  const now = deps.clock.now().toISOString();
  const given: ParticipationFacts = Object.fromEntries(Object.entries(facts).filter(([, v]) => v)) as ParticipationFacts;
  if (step === 'active' && !current.contactName && !deps.directory.contactsOf(municipality).length) {
    given.contactName = identity.name;
    given.contactEmail = identity.email;
  }
  const next: Participation = {
    ...current,
    ...given,
    state: check.state,
    updatedAt: now,
  };
  const entry = {
    at: now,
    by: identity.personId,
    byName: identity.name,
    as,
    kind: 'step' as const,
    from: current.state,
    to: check.state,
    ...(note.trim() ? { note: note.trim() } : {}),
    facts: given,
  };
  await deps.store.participation.commit([deps.store.participation.op(next), await deps.store.participation.historyOp(current.id, entry)]);
  deps.logger.info({ cluster, municipality, from: current.state, to: check.state, as }, 'participation step recorded');
  return { ok: true, value: next };
}

export async function invite(deps: Deps, identity: Identity, cluster: string, municipality: string): Promise<boolean> {
  if (!identity.coordinatedClusters.includes(cluster)) return false;
  const region = deps.directory.cluster(cluster)?.region;
  if (!deps.directory.municipality(municipality) || deps.directory.municipality(municipality)?.region !== region) return false;
  const current = await deps.store.participation.get(cluster, municipality);
  if (await deps.store.participation.events.count(current.id)) return false;
  if (!(await changeLimiter(deps).allow(identity.personId, deps.clock.now()))) return false;
  const now = deps.clock.now().toISOString();
  const invited: Participation = { ...current, invitedDate: now.slice(0, 10), updatedAt: now };
  const entry = {
    at: now,
    by: identity.personId,
    byName: identity.name,
    as: 'coordinator' as const,
    from: 'invited' as const,
    to: 'invited' as const,
    note: 'invited',
  };
  await deps.store.participation.commit([deps.store.participation.op(invited), await deps.store.participation.historyOp(current.id, entry)]);
  return true;
}

/** The reminder card's data for one municipality's participation. */
export function participationReminderVm(deps: Deps, p: Participation): ParticipationReminderVm {
  return {
    participation: p,
    municipalityName: deps.directory.municipality(p.municipality)?.name ?? p.municipality,
    clusterName: deps.directory.cluster(p.cluster)?.name ?? p.cluster,
    timezone: deps.config.timezone,
  };
}

/** Reminds the contact persons of every municipality not yet at a final state, now. */
export async function remindPending(deps: Deps, cluster: string, kind = 'participation.manual'): Promise<{ people: number; municipalities: number }> {
  const pending = (await Promise.all((await trackedMunicipalities(deps, cluster)).map((m) => deps.store.participation.get(cluster, m)))).filter(
    (p) => !FINAL_PARTICIPATION.includes(p.state),
  );
  const messages: OutboxMessage[] = [];
  for (const p of pending)
    for (const id of await contactPersonIds(deps, p.municipality))
      messages.push(await messageTo(deps, id, kind, p.id, (tr, lang) => participationReminderView(participationReminderVm(deps, p), tr, lang)));
  await deps.store.participation.commit(messages.map((m) => deps.store.outbox.op(m)));
  deps.outbox.kick();
  return { people: messages.filter((m) => m.status === 'pending').length, municipalities: pending.length };
}
