import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { pageOf } from '../../domain/paging.js';
import type { ListVm, PrioritiesVm } from './list-views.js';
import { PAGE_SIZE, type Filters } from './filters.js';

// The needs lists a person sees, read from the store: list-views.ts renders what these return.

export { ALL, defaultScope, filterSchema, LIST_SCOPES, mayList, PAGE_SIZE, type Filters, type ListScope } from './filters.js';

export async function needsInScope(deps: Deps, identity: Identity, f: Filters): Promise<Need[]> {
  const base =
    f.scope === 'mine'
      ? await deps.store.needs.byAuthor(identity.personId)
      : await deps.store.needs.inMunicipalities(f.scope === 'municipality' ? [identity.municipality] : workingMunicipalities(identity, deps.directory));
  return base
    .filter(
      (n) =>
        (!f.status || n.status === f.status) &&
        (!f.theme || n.theme === f.theme) &&
        (!f.serviceArea || n.serviceArea === f.serviceArea) &&
        (!f.municipality || n.municipality === f.municipality),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Clusters whose priority list a person may see: those they coordinate, else their municipality's. */
export function visibleClusters(deps: Deps, identity: Identity): string[] {
  if (identity.coordinatedClusters.length) return identity.coordinatedClusters;
  if (identity.roles.includes('contact')) return deps.directory.clustersOf(identity.municipality).map((c) => c.id);
  return [];
}

/** One page of a needs list for a person, with the names and choices its filters offer. */
export async function listVm(deps: Deps, identity: Identity, f: Filters): Promise<ListVm> {
  const d = deps.directory;
  const name = (m: string) => d.municipality(m)?.name ?? m;
  const page = pageOf(await needsInScope(deps, identity, f), f.page, PAGE_SIZE);
  return {
    filters: f,
    page: { ...page, items: page.items.map((need) => ({ need, municipalityName: name(need.municipality) })) },
    ownMunicipalityName: d.municipality(identity.municipality)?.name ?? '',
    municipalities: (f.scope === 'cluster' ? workingMunicipalities(identity, d) : [])
      .map((m) => ({ title: name(m), value: m }))
      .sort((a, b) => a.title.localeCompare(b.title, 'nb')),
    themes: d.themes(),
    timezone: deps.config.timezone,
  };
}

/** The priority lists a person may see, each entry with its needs' references and municipalities. */
export async function prioritiesVm(deps: Deps, identity: Identity): Promise<PrioritiesVm> {
  const d = deps.directory;
  const lists: PrioritiesVm['lists'] = [];
  for (const clusterId of visibleClusters(deps, identity)) {
    const entries: PrioritiesVm['lists'][number]['entries'] = [];
    for (const entry of (await deps.store.needs.priorities(clusterId)).entries) {
      const [kind, id] = entry.split(':');
      const needs = (await deps.store.needs.getMany(kind === 'group' ? ((await deps.store.needs.group(id))?.needIds ?? []) : [id]))
        .filter((n): n is Need => !!n)
        .sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
      entries.push({
        entry,
        title: needs[0]?.title,
        refs: needs.map((n) => n.ref),
        municipalities: [...new Set(needs.map((n) => d.municipality(n.municipality)?.name ?? n.municipality))],
      });
    }
    lists.push({ clusterName: d.cluster(clusterId)?.name ?? clusterId, clusterId, editable: identity.coordinatedClusters.includes(clusterId), entries });
  }
  return { lists };
}
