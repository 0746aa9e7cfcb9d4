import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { pageOf } from '../../domain/paging.js';
import type { ListVm, PrioritiesVm } from './list-views.js';
import { PAGE_SIZE, type Filters } from './filters.js';

// The needs lists a person sees, read from the store: list-views.ts renders what these return.

export { ALL, defaultScope, filterSchema, LIST_SCOPES, mayList, PAGE_SIZE, type Filters, type ListScope } from './filters.js';

export function needsInScope(deps: Deps, identity: Identity, f: Filters): Need[] {
  const base =
    f.scope === 'mine'
      ? deps.store.needs.byAuthor(identity.personId)
      : deps.store.needs.inMunicipalities(f.scope === 'municipality' ? [identity.municipality] : workingMunicipalities(identity, deps.directory));
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
export function listVm(deps: Deps, identity: Identity, f: Filters): ListVm {
  const d = deps.directory;
  const name = (m: string) => d.municipality(m)?.name ?? m;
  const page = pageOf(needsInScope(deps, identity, f), f.page, PAGE_SIZE);
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
export function prioritiesVm(deps: Deps, identity: Identity): PrioritiesVm {
  const d = deps.directory;
  return {
    lists: visibleClusters(deps, identity).map((clusterId) => ({
      clusterName: d.cluster(clusterId)?.name ?? clusterId,
      clusterId,
      editable: identity.coordinatedClusters.includes(clusterId),
      entries: deps.store.needs.priorities(clusterId).entries.map((entry) => {
        const [kind, id] = entry.split(':');
        const needs = (kind === 'group' ? (deps.store.needs.group(id)?.needIds ?? []) : [id])
          .map((n) => deps.store.needs.get(n))
          .filter((n): n is Need => !!n)
          .sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
        return {
          entry,
          title: needs[0]?.title,
          refs: needs.map((n) => n.ref),
          municipalities: [...new Set(needs.map((n) => d.municipality(n.municipality)?.name ?? n.municipality))],
        };
      }),
    })),
  };
}
