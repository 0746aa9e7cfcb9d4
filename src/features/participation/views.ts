import type { Language } from '../../domain/people.js';
import { formatDate, type Translate, type MessageKey } from '../../i18n/index.js';
import { nextStep, PARTICIPATION_STATES, type Participation, type ParticipationEntry } from '../../domain/participation.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';
import { pageOf } from '../../domain/paging.js';
import { pagerVm } from '../../cards/pager.js';
import type { OverviewState } from './state.js';

/** Municipalities on one page of a cluster's overview. */
export const OVERVIEW_PAGE_SIZE = 10;

const date = (lang: Language, iso: string, timezone: string) => (iso ? formatDate(lang, iso.length === 10 ? `${iso}T12:00:00Z` : iso, timezone) : '');

/** How a participation card is shown: to whom, with which message and input. */
export interface ParticipationOpts {
  asCoordinator: boolean;
  banner?: string;
  problem?: string;
  values?: Record<string, string>;
  back?: OverviewState | null;
}

export interface ParticipationVm extends ParticipationOpts {
  participation: Participation;
  municipalityName: string;
  clusterName: string;
  /** The municipality's contact persons in the directory, by name. */
  contactNames: string[];
  history: ParticipationEntry[];
  timezone: string;
}

/** One municipality's state in one cluster, with the form for the next step. */
export function participationView(vm: ParticipationVm, tr: Translate, lang: Language): AdaptiveCard {
  const { participation: p, timezone: tz } = vm;
  const opts = vm;
  const step = nextStep(p) ?? '';
  const facts = [
    ...(p.meetingDate ? [{ label: tr('part.field.meetingDate'), value: date(lang, p.meetingDate, tz) }] : []),
    ...(p.decisionDate ? [{ label: tr('part.field.decisionDate'), value: date(lang, p.decisionDate, tz) }] : []),
    ...(p.caseNumber ? [{ label: tr('part.field.caseNumber'), value: p.caseNumber }] : []),
    ...(p.outcome ? [{ label: tr('part.field.outcome'), value: tr(`part.outcome.${p.outcome}`) }] : []),
    ...(p.signedDate ? [{ label: tr('part.field.signedDate'), value: `${date(lang, p.signedDate, tz)}${p.signedBy ? ` – ${p.signedBy}` : ''}` }] : []),
    { label: tr('need.fact.contact'), value: p.contactName ?? (vm.contactNames.join(', ') || tr('need.fact.noContact')) },
  ];
  const stateName = tr(`part.state.${p.state}`);
  const municipalityName = vm.municipalityName;
  return expand('participation', {
    back: opts.back ?? null,
    banner: opts.banner ?? '',
    problem: opts.problem ?? '',
    title: tr('part.title', { municipality: municipalityName, cluster: vm.clusterName }),
    current: p.updatedAt ? tr('part.current', { state: stateName, date: date(lang, p.updatedAt, tz) }) : tr('part.currentNew', { state: stateName }),
    facts,
    next: step ? tr(`part.next.${step}` as MessageKey) : '',
    step,
    cluster: p.cluster,
    municipality: p.municipality,
    asCoordinator: opts.asCoordinator,
    values: Object.fromEntries(['meetingDate', 'decisionDate', 'caseNumber', 'outcome', 'signedDate', 'signedBy'].map((k) => [k, opts.values?.[k] ?? ''])),
    submitLabel: step === 'active' ? tr('part.confirm') : tr('part.record'),
    history: vm.history
      .filter((h) => h.from !== h.to)
      .map((h) => `${tr('part.historyLine', { date: date(lang, h.at, tz), from: tr(`part.state.${h.from}`), to: tr(`part.state.${h.to}`), who: h.byName || tr('need.fact.anonymous') })}${h.note ? ` – «${h.note}»` : ''}`),
    t: {
      meetingDate: tr('part.field.meetingDate'), decisionDate: tr('part.field.decisionDate'), caseNumber: tr('part.field.caseNumber'), outcome: tr('part.field.outcome'),
      outcomeJoin: tr('part.outcome.join'), outcomeDecline: tr('part.outcome.decline'), signedDate: tr('part.field.signedDate'), signedBy: tr('part.field.signedBy'),
      // a note is required only of a coordinator recording on a municipality's behalf
      note: opts.asCoordinator ? tr('part.field.noteOnBehalf', { municipality: municipalityName }) : tr('part.field.noteOptional'),
      history: tr('part.history'), back: tr('nav.backToOverview'),
    },
  });
}

const BAR = 12;
/** Counts as text bars with numbers (never colour alone). */
function bar(n: number, total: number): string {
  const filled = total ? Math.round((n / total) * BAR) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}`;
}

/** One coordinated cluster in the overview: its tracked municipalities and who may still be invited. */
export interface OverviewCluster {
  id: string;
  name: string;
  leadName: string;
  /** Every tracked municipality's participation, with its name. */
  list: { p: Participation; name: string }[];
  /** Municipalities of the region not tracked yet. */
  invitable: { title: string; value: string }[];
  exportUrl: string;
}

export interface OverviewVm {
  clusters: OverviewCluster[];
  state: OverviewState;
  banner: string;
  timezone: string;
}

/** Each coordinated cluster: counts per state, then its municipalities a page at a time (`state.pages`). */
export function overviewView(vm: OverviewVm, tr: Translate, lang: Language): AdaptiveCard {
  const { state, timezone: tz } = vm;
  const paged = (id: string, list: OverviewCluster['list']) => {
    const all = [...list].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    const page = pageOf(all, state.pages[id] ?? 1, OVERVIEW_PAGE_SIZE);
    const here: OverviewState = { pages: { ...state.pages, [id]: page.page } };
    return {
      rows: page.items.map(({ p, name }) => ({
        cluster: id,
        number: p.municipality,
        name,
        detail: p.updatedAt ? tr('ov.row', { state: tr(`part.state.${p.state}`), date: date(lang, p.updatedAt, tz) }) : tr('ov.rowNew', { state: tr(`part.state.${p.state}`) }),
        // the button names its municipality: 17 identical "Registrer steg" say nothing to a screen reader
        record: tr('ov.recordForNamed', { municipality: name }),
        back: here,
      })),
      pager: pagerVm(tr, page, (n) => ({ pages: { ...state.pages, [id]: n } })),
    };
  };
  const clusters = vm.clusters.map((c) => ({
    id: c.id,
    title: tr('ov.title', { cluster: c.name }),
    lead: tr('ov.lead', { municipality: c.leadName }),
    counts: PARTICIPATION_STATES.map((s) => {
      const n = c.list.filter(({ p }) => p.state === s).length;
      return { label: tr(`part.state.${s}`), value: tr('ov.countLine', { bar: bar(n, c.list.length), count: n }) };
    }),
    ...paged(c.id, c.list),
    invitable: c.invitable,
    exportUrl: c.exportUrl,
  }));
  return expand('cluster', {
    banner: vm.banner,
    clusters,
    state,
    t: { inviteLabel: tr('ov.inviteLabel'), invite: tr('ov.invite'), remind: tr('ov.remind'), export: tr('ov.export') },
  });
}

export interface ParticipationReminderVm {
  participation: Participation;
  municipalityName: string;
  clusterName: string;
  timezone: string;
}

/** The reminder a contact person gets while their municipality is pending: why, and a button to act. */
export function participationReminderView(vm: ParticipationReminderVm, tr: Translate, lang: Language): AdaptiveCard {
  const { participation: p, municipalityName: name } = vm;
  return actionNoticeCard({
    title: tr('rem.part.title', { cluster: vm.clusterName }),
    lines: [
      tr('rem.part.text', { municipality: name, state: tr(`part.state.${p.state}`), date: p.updatedAt ? date(lang, p.updatedAt, vm.timezone) : '–' }),
      tr('rem.part.why', { municipality: name }),
    ],
    buttons: [{ title: tr('rem.part.button'), verb: VERBS.openParticipation, data: { cluster: p.cluster, municipality: p.municipality } }],
  });
}
