import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Role } from '../../domain/people.js';
import type { Call } from '../../domain/calls/types.js';
import type { Need } from '../../domain/needs/types.js';
import { answerId, answerRight, isClosed, stillOpen, targetMunicipalities } from '../../domain/calls/rules.js';
import type { CallFieldError } from '../../domain/calls/validation.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { pageOf } from '../../domain/paging.js';
import { linkableNeeds } from './linked-needs.js';
import type { CallListState } from './list-state.js';
import { callStats } from './stats.js';
import { callReads } from './reads.js';
import type { ReadFilter } from '../../domain/read-receipts.js';
import {
  CALLS_PAGE_SIZE,
  type CallDetailVm,
  type CallFormVm,
  type CallListVm,
  type LinkedNeed,
  type PreviewVm,
  type ProgressVm,
  type RecipientCallVm,
} from './views.js';

// What the calls views show, read from the store and the directory: the only place a call card's
// data is looked up. The views themselves are pure functions of what these return.

const municipalityName = (deps: Deps, m: string) => deps.directory.municipality(m)?.name ?? m;
const asLinked = (deps: Deps, n: Need): LinkedNeed => ({ id: n.id, ref: n.ref, title: n.title, municipality: municipalityName(deps, n.municipality) });

/** The needs a call names as answered, as the card shows them. */
export async function linkedNeedsOf(deps: Deps, call: Call): Promise<LinkedNeed[]> {
  return (await deps.store.needs.getMany(call.needIds ?? [])).filter((n): n is Need => !!n).map((n) => asLinked(deps, n));
}

/** The compose form for a coordinator: their targets, municipalities and linkable needs. */
export async function callFormVm(
  deps: Deps,
  identity: Identity,
  opts: { values?: Record<string, string>; errors?: CallFieldError[]; call?: Call; amend?: boolean } = {},
): Promise<CallFormVm> {
  const d = deps.directory;
  const region = identity.coordinatedRegion;
  return {
    ...opts,
    today: deps.clock.now().toISOString().slice(0, 10),
    clusters: identity.coordinatedClusters.map((id) => ({ id, name: d.cluster(id)?.name ?? id })),
    ...(region ? { region: { id: region, name: d.region(region)?.name ?? '' } } : {}),
    municipalities: workingMunicipalities(identity, d)
      .map((m) => ({ value: m, title: d.municipality(m)?.name ?? m }))
      .sort((a, b) => a.title.localeCompare(b.title, 'nb')),
    linkableNeeds: (await linkableNeeds(deps, identity)).map((n) => asLinked(deps, n)),
  };
}

/** Who sees a recipient's card: their municipality, whether they answer for it, and who they are. */
export interface Viewer {
  municipality: string;
  isContact: boolean;
  personId?: string;
  /** The Teams user id the card refreshes for; default: the one of the person's newest 1:1 chat. */
  userId?: string;
  reminder?: boolean;
}

/** The call as this recipient sees it now: their right to answer and the answer recorded for them. */
export async function recipientCallVm(
  deps: Deps,
  call: Call,
  viewer: Viewer,
  extra: { banner?: string; problem?: string; back?: CallListState | null; notOpened?: boolean } = {},
): Promise<RecipientCallVm> {
  const tz = deps.config.timezone;
  const now = deps.clock.now();
  const roles: Role[] = viewer.isContact ? ['contact', 'employee'] : ['employee'];
  const right = answerRight({ municipality: viewer.municipality, roles }, call, now, tz);
  const mine = await deps.store.calls.answer(answerId(call.id, viewer.municipality, right.ok && right.as === 'individual' ? viewer.personId : undefined));
  return {
    call,
    linkedNeeds: await linkedNeedsOf(deps, call),
    municipalityName: municipalityName(deps, viewer.municipality),
    timezone: tz,
    closed: isClosed(call, now, tz),
    right,
    ...(mine ? { mine } : {}),
    userId: viewer.userId ?? (viewer.personId ? (await deps.store.conversations.personalOf(viewer.personId))?.userId : undefined),
    reminder: viewer.reminder,
    ...extra,
  };
}

/** The coordinator's preview of a draft, with how many it reaches. */
export async function previewVm(deps: Deps, call: Call, reach: PreviewVm['reach'], problem = ''): Promise<PreviewVm> {
  const first = targetMunicipalities(call.target, deps.directory)[0] ?? '';
  return { call, linkedNeeds: await linkedNeedsOf(deps, call), firstMunicipalityName: deps.directory.municipality(first)?.name ?? '', reach, problem };
}

/** The coordinator's delivery card of a call. */
export async function progressVm(deps: Deps, call: Call, problem = ''): Promise<ProgressVm> {
  const tz = deps.config.timezone;
  const [stats, reads] = await Promise.all([callStats(deps, call), callReads(deps, call)]);
  const names = Object.fromEntries(reads.municipalities.map((m) => [m.municipality, municipalityName(deps, m.municipality)]));
  return {
    call,
    deliveries: stats.deliveries,
    reads,
    names,
    answers: stats.municipalityAnswers,
    stillOpen: stillOpen(call, deps.clock.now(), tz),
    timezone: tz,
    problem,
  };
}

/** One page of calls (newest first) with their counts. */
export async function callListVm(deps: Deps, calls: readonly Call[], title: string, state: CallListState): Promise<CallListVm> {
  const page = pageOf(
    [...calls].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    state.page,
    CALLS_PAGE_SIZE,
  );
  return { title, state, page: { ...page, items: await Promise.all(page.items.map(async (call) => ({ call, stats: await callStats(deps, call) }))) } };
}

/** A call's answers, silent municipalities and undelivered recipients, for its coordinator. */
export async function callDetailVm(
  deps: Deps,
  call: Call,
  extra: { banner?: string; exportUrl?: string; back?: CallListState | null; readFilter?: ReadFilter } = {},
): Promise<CallDetailVm> {
  const tz = deps.config.timezone;
  const now = deps.clock.now();
  const { readFilter = 'all', ...rest } = extra;
  const [stats, reads] = await Promise.all([callStats(deps, call), callReads(deps, call)]);
  const undelivered = (await deps.store.outbox.bySubject(call.id)).filter(
    (m) => m.kind === 'call' && ['unreachable', 'not-installed', 'failed'].includes(m.status),
  );
  const ids = new Set([
    ...call.municipalities,
    ...stats.municipalityAnswers.map((a) => a.municipality),
    ...stats.individual.map((a) => a.municipality),
    ...undelivered.map((m) => m.municipality ?? ''),
    ...reads.municipalities.map((m) => m.municipality),
  ]);
  const names = Object.fromEntries([...ids].map((m) => [m, municipalityName(deps, m)]));
  return {
    call,
    stats,
    undelivered,
    names,
    reads,
    readFilter,
    timezone: tz,
    open: call.kind === 'participation' && !isClosed(call, now, tz) && (call.status === 'sending' || call.status === 'sent'),
    stillOpen: stillOpen(call, now, tz),
    ...rest,
  };
}
