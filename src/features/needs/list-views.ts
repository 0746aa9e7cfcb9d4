import type { Language } from '../../domain/people.js';
import { formatDate, type Translate } from '../../i18n/index.js';
import { NEED_STATUSES, SERVICE_AREAS, type Need } from '../../domain/needs/types.js';
import type { Page } from '../../domain/paging.js';
import { needListCard, prioritiesCard } from '../../cards/needs.js';
import { pagerVm } from '../../cards/pager.js';
import { chartLabel, chartVm, MAX_BARS, type ChartVm } from '../../cards/charts.js';
import { ALL, type Filters } from './filters.js';
import type { ThemeChoice } from './views.js';

export interface ListVm {
  filters: Filters;
  /** The page shown, newest first, each need with its municipality's name. */
  page: Page<{ need: Need; municipalityName: string }>;
  /** The name of the person's municipality (the title of the municipality's list). */
  ownMunicipalityName: string;
  /** The municipality filter's choices (cluster lists only), sorted by name. */
  municipalities: { title: string; value: string }[];
  themes: ThemeChoice[];
  timezone: string;
}

/** One page of a needs list, with its filters; each need opens with this list's state to come back to. */
export function listView(vm: ListVm, tr: Translate, lang: Language) {
  const { filters: f, page } = vm;
  const state: Filters = { ...f, page: page.page };
  const rows = page.items.map(({ need: n, municipalityName }) => ({
    id: n.id,
    title: n.title,
    detail: tr(f.scope === 'cluster' ? 'need.list.rowWithMunicipality' : 'need.list.row', {
      ref: n.ref,
      status: tr(`need.status.${n.status}`),
      date: formatDate(lang, n.createdAt, vm.timezone),
      municipality: municipalityName,
    }),
    open: tr('need.action.openRef', { ref: n.ref }),
  }));
  const all_ = { title: tr('need.filter.all'), value: ALL };
  const title =
    f.scope === 'mine'
      ? tr('need.list.mine')
      : f.scope === 'municipality'
        ? tr('need.list.municipality', { municipality: vm.ownMunicipalityName })
        : tr('need.list.cluster');
  const summary = !page.total
    ? tr('need.list.empty')
    : page.pages > 1
      ? tr('need.list.range', { from: page.from, to: page.to, total: page.total })
      : tr('need.list.count', { shown: rows.length, total: page.total });
  return needListCard({
    title,
    summary,
    scope: f.scope,
    showFilters: f.scope !== 'mine',
    filters: { status: f.status || ALL, municipality: f.municipality || ALL, theme: f.theme || ALL, serviceArea: f.serviceArea || ALL },
    statusChoices: [all_, ...NEED_STATUSES.map((s) => ({ title: tr(`need.status.${s}`), value: s }))],
    municipalityChoices: [all_, ...vm.municipalities],
    themeChoices: [all_, ...vm.themes.map((th) => ({ title: th.name[lang], value: th.id }))],
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

export interface PrioritiesVm {
  lists: {
    clusterId: string;
    clusterName: string;
    /** The viewer coordinates this cluster and may reorder it. */
    editable: boolean;
    /** In rank order: a need or a group, its first need's title, references and municipalities. */
    entries: { entry: string; title?: string; refs: string[]; municipalities: string[] }[];
  }[];
}

/** How many municipalities stand behind each of the top needs (a comparison: only with two or more). */
function priorityChart(tr: Translate, entries: PrioritiesVm['lists'][number]['entries']): ChartVm {
  const top = entries.length < 2 ? [] : entries.slice(0, MAX_BARS);
  return chartVm(
    tr('priority.chart.title', { count: top.length }),
    top.map((e, i) => {
      const count = e.municipalities.length;
      const title = e.title ?? e.entry;
      return {
        label: tr('priority.chart.bar', { rank: i + 1, title: chartLabel(title), count }),
        value: count,
        color: 'categoricalBlue',
        name: tr('priority.row', { rank: i + 1, title }),
        text: tr('priority.chart.value', { count }),
      };
    }),
    true,
  );
}

/** The priority lists, with up/down and set-place controls where the viewer may change them. */
export function prioritiesView(vm: PrioritiesVm, tr: Translate) {
  const lists = vm.lists.map(({ clusterId, clusterName, editable, entries }) => {
    const rows = entries.map((e, i) => {
      const title = e.title ?? e.entry;
      return {
        cluster: clusterId,
        entry: e.entry,
        key: String(i),
        rank: i + 1,
        max: entries.length,
        title: tr('priority.row', { rank: i + 1, title }),
        detail: tr('priority.rowDetail', { refs: e.refs.join(', '), municipalities: e.municipalities.join(', ') }),
        rankLabel: tr('priority.rankLabel', { title }),
        editable,
      };
    });
    return {
      title: tr('priority.title', { cluster: clusterName }),
      empty: tr('priority.empty'),
      note: editable ? '' : tr('priority.readOnly'),
      chart: priorityChart(tr, entries),
      rows,
    };
  });
  return prioritiesCard({ lists, t: { up: tr('priority.up'), down: tr('priority.down'), setRank: tr('priority.setRank') } });
}
