import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Participation } from '../../domain/participation.js';
import { trackedIn } from '../../domain/reminders.js';
import type { OverviewState } from './state.js';
import type { OverviewVm, ParticipationOpts, ParticipationVm } from './views.js';
import type { ChangeOpts, ChangeVm } from './change-views.js';
import type { LastStep } from '../../domain/participation-changes.js';

// What the participation views show, read from the store and the directory: the views themselves
// are pure functions of what these return.

/** One municipality's participation card: names, contact persons and history. */
export async function participationVm(deps: Deps, p: Participation, opts: ParticipationOpts): Promise<ParticipationVm> {
  const d = deps.directory;
  return {
    ...opts,
    participation: p,
    municipalityName: d.municipality(p.municipality)?.name ?? p.municipality,
    clusterName: d.cluster(p.cluster)?.name ?? p.cluster,
    contactNames: d.contactsOf(p.municipality).map((c) => c.name),
    history: await deps.store.participation.history(p.id),
    timezone: deps.config.timezone,
  };
}

/** The overview of every cluster the person coordinates. */
export async function overviewVm(
  deps: Deps,
  identity: Identity,
  exportUrl: (cluster: string) => Promise<string>,
  banner = '',
  state: OverviewState = { pages: {} },
): Promise<OverviewVm> {
  const d = deps.directory;
  const clusters = identity.coordinatedClusters.map(async (id) => {
    const list = await Promise.all(
      trackedIn(d.cluster(id)?.members ?? [], await deps.store.participation.stored(id)).map((m) => deps.store.participation.get(id, m)),
    );
    const region = d.cluster(id)?.region;
    const tracked = new Set(list.map((p) => p.municipality));
    return {
      id,
      name: d.cluster(id)?.name ?? id,
      leadName: d.municipality(d.cluster(id)?.lead ?? '')?.name ?? '',
      list: list.map((p) => ({ p, name: d.municipality(p.municipality)?.name ?? p.municipality })),
      invitable: d
        .municipalities()
        .filter((m) => m.region === region && !tracked.has(m.number))
        .map((m) => ({ title: m.name, value: m.number })),
      exportUrl: await exportUrl(id),
    };
  });
  return {
    clusters: await Promise.all(clusters),
    state,
    banner,
    timezone: deps.config.timezone,
  };
}

/** The correct/undo card of a municipality's last step: names, and who recorded the step when. */
export async function changeVm(deps: Deps, p: Participation, last: LastStep, opts: ChangeOpts): Promise<ChangeVm> {
  const entry = (await deps.store.participation.events.list(p.id)).find((h) => h.n === last.n);
  return {
    ...opts,
    participation: p,
    last,
    municipalityName: deps.directory.municipality(p.municipality)?.name ?? p.municipality,
    recorderName: entry?.byName ?? '',
    recordedAt: entry?.at ?? p.updatedAt,
    timezone: deps.config.timezone,
  };
}
