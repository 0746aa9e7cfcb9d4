import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Language } from '../../domain/people.js';
import { formatDate, type Translate } from '../../i18n/index.js';
import { NEED_STATUSES, SERVICE_AREAS, type Need } from '../../domain/needs/types.js';
import { workingMunicipalities } from '../../domain/needs/scope.js';
import { needListCard, prioritiesCard } from '../../cards/needs.js';
import { pageOf } from '../../domain/paging.js';
import { pagerVm } from '../../cards/pager.js';

import { ALL, type Filters, type ListScope } from '../../cards/list-states.js';
export { ALL, LIST_SCOPES, filterSchema, type Filters, type ListScope } from '../../cards/list-states.js';
export const PAGE_SIZE = 10;

/** The list scope a person gets for `behov`: coordinators their clusters, contacts their municipality. */
export function defaultScope(identity: Identity): ListScope {
  if (identity.roles.includes('coordinator') && identity.coordinatedClusters.length) return 'cluster';
  if (identity.roles.includes('contact')) return 'municipality';
  return 'mine';
}

/** Whether a person may list `scope` (checked on the server whatever the card says). */
export function mayList(identity: Identity, scope: ListScope): boolean {
  if (scope === 'mine') return true;
  if (scope === 'municipality') return identity.roles.includes('contact');
  return identity.roles.includes('coordinator') && identity.coordinatedClusters.length > 0;
}

export function needsInScope(deps: Deps, identity: Identity, f: Filters): Need[] {
  const base =
    f.scope === 'mine'
      ? deps.store.needs.byAuthor(identity.personId)
      : deps.store.needs.inMunicipalities(f.scope === 'municipality' ? [identity.municipality] : workingMunicipalities(identity, deps.directory));
  return base
    .filter((n) => (!f.status || n.status === f.status) && (!f.theme || n.theme === f.theme) && (!f.serviceArea || n.serviceArea === f.serviceArea) && (!f.municipality || n.municipality === f.municipality))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** One page of a needs list, with its filters; each need opens with this list's state to come back to. */
export function listView(deps: Deps, tr: Translate, lang: Language, identity: Identity, f: Filters) {
  const d = deps.directory;
  const all = needsInScope(deps, identity, f);
  const page = pageOf(all, f.page, PAGE_SIZE);
  const state: Filters = { ...f, page: page.page };
  const rows = page.items.map((n) => ({
    id: n.id,
    title: n.title,
    detail: tr(f.scope === 'cluster' ? 'need.list.rowWithMunicipality' : 'need.list.row', {
      ref: n.ref,
      status: tr(`need.status.${n.status}`),
      date: formatDate(lang, n.createdAt, deps.config.timezone),
      municipality: d.municipality(n.municipality)?.name ?? n.municipality,
    }),
    open: tr('need.action.openRef', { ref: n.ref }),
  }));
  const all_ = { title: tr('need.filter.all'), value: ALL };
  const municipalities = f.scope === 'cluster' ? workingMunicipalities(identity, d) : [];
  const title =
    f.scope === 'mine' ? tr('need.list.mine') : f.scope === 'municipality' ? tr('need.list.municipality', { municipality: d.municipality(identity.municipality)?.name ?? '' }) : tr('need.list.cluster');
  const summary = !all.length
    ? tr('need.list.empty')
    : page.pages > 1
      ? tr('need.list.range', { from: page.from, to: page.to, total: page.total })
      : tr('need.list.count', { shown: rows.length, total: all.length });
  return needListCard({
    title,
    summary,
    scope: f.scope,
    showFilters: f.scope !== 'mine',
    filters: { status: f.status || ALL, municipality: f.municipality || ALL, theme: f.theme || ALL, serviceArea: f.serviceArea || ALL },
    statusChoices: [all_, ...NEED_STATUSES.map((s) => ({ title: tr(`need.status.${s}`), value: s }))],
    municipalityChoices: [all_, ...municipalities.map((m) => ({ title: d.municipality(m)?.name ?? m, value: m })).sort((a, b) => a.title.localeCompare(b.title, 'nb'))],
    themeChoices: [all_, ...d.themes().map((th) => ({ title: th.name[lang], value: th.id }))],
    serviceAreaChoices: [all_, ...SERVICE_AREAS.map((s) => ({ title: tr(`need.serviceArea.${s}`), value: s }))],
    rows,
    back: state,
    pager: pagerVm(tr, page, (p) => ({ ...state, page: p })),
    t: {
      filterHeading: tr('need.filter.heading'),
      status: tr('need.filter.status'),
      municipality: tr('need.filter.municipality'),
      theme: tr('need.filter.theme'),
      serviceArea: tr('need.filter.serviceArea'),
      apply: tr('need.filter.apply'),
    },
  });
}

/** Clusters whose priority list a person may see: those they coordinate, else their municipality's. */
export function visibleClusters(deps: Deps, identity: Identity): string[] {
  if (identity.coordinatedClusters.length) return identity.coordinatedClusters;
  if (identity.roles.includes('contact')) return deps.directory.clustersOf(identity.municipality).map((c) => c.id);
  return [];
}

export function prioritiesView(deps: Deps, tr: Translate, identity: Identity) {
  const d = deps.directory;
  const lists = visibleClusters(deps, identity).map((clusterId) => {
    const list = deps.store.needs.priorities(clusterId);
    const editable = identity.coordinatedClusters.includes(clusterId);
    const rows = list.entries.map((entry, i) => {
      const [kind, id] = entry.split(':');
      const needs = (kind === 'group' ? (deps.store.needs.group(id)?.needIds ?? []) : [id])
        .map((n) => deps.store.needs.get(n))
        .filter((n): n is Need => !!n)
        .sort((a, b) => a.ref.localeCompare(b.ref, 'nb', { numeric: true }));
      const title = needs[0]?.title ?? entry;
      return {
        cluster: clusterId,
        entry,
        key: String(i),
        rank: i + 1,
        max: list.entries.length,
        title: tr('priority.row', { rank: i + 1, title }),
        detail: tr('priority.rowDetail', {
          refs: needs.map((n) => n.ref).join(', '),
          municipalities: [...new Set(needs.map((n) => d.municipality(n.municipality)?.name ?? n.municipality))].join(', '),
        }),
        rankLabel: tr('priority.rankLabel', { title }),
        editable,
      };
    });
    return { title: tr('priority.title', { cluster: d.cluster(clusterId)?.name ?? clusterId }), empty: tr('priority.empty'), note: editable ? '' : tr('priority.readOnly'), rows };
  });
  return prioritiesCard({ lists, t: { up: tr('priority.up'), down: tr('priority.down'), setRank: tr('priority.setRank') } });
}
