import type { Language } from '../../domain/people.js';
import { formatDate, type Translate, type MessageKey } from '../../i18n/index.js';
import {
  isCalendarDay,
  nextStep,
  PARTICIPATION_STATES,
  type Participation,
  type ParticipationEntry,
  type ParticipationFacts,
  type ParticipationState,
} from '../../domain/participation.js';
import { chartVm, type ChartColor, type ChartVm } from '../../cards/charts.js';
import { memoize } from '../../domain/memoize.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';
import { pageOf } from '../../domain/paging.js';
import { pagerVm } from '../../cards/pager.js';
import type { OverviewState } from './state.js';

/** Municipalities on one page of a cluster's overview. */
export const OVERVIEW_PAGE_SIZE = 10;

/** A moment (ISO timestamp) in KSF_TIMEZONE, with its time. */
const date = (lang: Language, iso: string, timezone: string) => (iso ? formatDate(lang, iso, timezone) : '');

const dayFormat = memoize(
  (locale: string) => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  (locale) => locale,
);

/**
 * A recorded day (YYYY-MM-DD) as a date, never with a time: "torsdag 21. mai 2026", "Thursday, 21
 * May 2026". The weekday first also keeps card markdown from reading "21. mai" as a numbered list.
 */
export function day(lang: Language, isoDay: string): string {
  if (!isCalendarDay(isoDay)) return isoDay;
  return dayFormat(lang === 'en' ? 'en-GB' : 'nb-NO').format(new Date(`${isoDay}T12:00:00Z`));
}

/** What the correct/undo buttons of a participation card need: the step, and what this person may do. */
export interface ChangeOffer {
  stepN: number;
  canCorrect: boolean;
  canUndo: boolean;
}

const DATE_KEYS = new Set(['meetingDate', 'decisionDate', 'signedDate']);
/** One fact as the person reads it (a date as a date, an outcome in words). */
function factValue(tr: Translate, lang: Language, key: keyof ParticipationFacts, value: string | undefined): string {
  if (!value) return '–';
  if (DATE_KEYS.has(key)) return day(lang, value);
  if (key === 'outcome') return tr(`part.outcome.${value as 'join' | 'decline'}`);
  return value;
}

/** One history line: a step, a correction (what changed, before → after) or an undo. */
function historyLine(tr: Translate, lang: Language, when: (iso: string) => string, h: ParticipationEntry): string {
  const who = h.byName || tr('need.fact.anonymous');
  const note = h.note ? ` – ${tr('quoted', { text: h.note })}` : '';
  const at = when(h.at);
  if (h.kind === 'undone') {
    return `${tr('part.history.undone', { date: at, who, step: tr(`part.state.${h.before?.state ?? h.from}`), state: tr(`part.state.${h.to}`) })}${note}`;
  }
  if (h.kind === 'corrected') {
    const keys = (Object.keys({ ...h.before, ...h.after }) as (keyof ParticipationFacts | 'state')[]).filter(
      (k) => k !== 'state' && (h.before as ParticipationFacts)?.[k] !== (h.after as ParticipationFacts)?.[k],
    ) as (keyof ParticipationFacts)[];
    const changes = keys
      .map((k) =>
        tr('part.history.change', {
          field: tr(`part.fieldName.${k}` as MessageKey),
          before: factValue(tr, lang, k, h.before?.[k]),
          after: factValue(tr, lang, k, h.after?.[k]),
        }),
      )
      .join('; ');
    return `${tr('part.history.corrected', { date: at, who, step: tr(`part.state.${h.before?.state ?? h.from}`), changes })}${note}`;
  }
  return `${tr('part.historyLine', { date: at, from: tr(`part.state.${h.from}`), to: tr(`part.state.${h.to}`), who })}${note}`;
}

/** The labels of a participation step's inputs (recording a step and correcting it). */
export function stepFieldLabels(tr: Translate) {
  return {
    meetingDate: tr('part.field.meetingDate'),
    decisionDate: tr('part.field.decisionDate'),
    caseNumber: tr('part.field.caseNumber'),
    outcome: tr('part.field.outcome'),
    outcomeJoin: tr('part.outcome.join'),
    outcomeDecline: tr('part.outcome.decline'),
    signedDate: tr('part.field.signedDate'),
    signedBy: tr('part.field.signedBy'),
  };
}

/**
 * The history of a municipality's road in words, oldest first (the invitation left out), the same
 * on the card and in the CSV; `when` writes the moment (default: the card's date and time).
 */
export function historyLines(
  tr: Translate,
  lang: Language,
  timezone: string,
  entries: readonly ParticipationEntry[],
  when = (iso: string) => date(lang, iso, timezone),
): string[] {
  return entries.filter((h) => h.kind || h.from !== h.to).map((h) => historyLine(tr, lang, when, h));
}

/** How a participation card is shown: to whom, with which message and input. */
export interface ParticipationOpts {
  asCoordinator: boolean;
  banner?: string;
  problem?: string;
  values?: Record<string, string>;
  back?: OverviewState | null;
  change?: ChangeOffer;
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
    ...(p.meetingDate ? [{ label: tr('part.field.meetingDate'), value: day(lang, p.meetingDate) }] : []),
    ...(p.decisionDate ? [{ label: tr('part.field.decisionDate'), value: day(lang, p.decisionDate) }] : []),
    ...(p.caseNumber ? [{ label: tr('part.field.caseNumber'), value: p.caseNumber }] : []),
    ...(p.outcome ? [{ label: tr('part.field.outcome'), value: tr(`part.outcome.${p.outcome}`) }] : []),
    ...(p.signedDate ? [{ label: tr('part.field.signedDate'), value: `${day(lang, p.signedDate)}${p.signedBy ? ` – ${p.signedBy}` : ''}` }] : []),
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
    history: historyLines(tr, lang, tz, vm.history),
    change: {
      stepN: opts.change?.stepN ?? 0,
      canCorrect: !!opts.change?.canCorrect,
      canUndo: !!opts.change?.canUndo,
      correctLabel: tr('part.change.correct'),
      undoLabel: tr('part.change.undo'),
    },
    t: {
      ...stepFieldLabels(tr),
      // a note is required only of a coordinator recording on a municipality's behalf
      note: opts.asCoordinator ? tr('part.field.noteOnBehalf', { municipality: municipalityName }) : tr('part.field.noteOptional'),
      history: tr('part.history'),
      back: tr('nav.backToOverview'),
    },
  });
}

const BAR = 12;
/** Counts as text bars with numbers (never colour alone). */
function bar(n: number, total: number): string {
  const filled = total ? Math.round((n / total) * BAR) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}`;
}

const STATE_COLORS: Record<ParticipationState, ChartColor> = {
  invited: 'categoricalLightBlue',
  'decision-pending': 'categoricalMarigold',
  decided: 'categoricalTeal',
  'agreement-signed': 'categoricalBlue',
  active: 'good',
  declined: 'neutral',
};

/** The cluster's municipalities by state as a donut, each slice named with its number. */
function stateChart(tr: Translate, list: OverviewCluster['list']): ChartVm {
  return chartVm(
    tr('ov.chart.title', { count: list.length }),
    PARTICIPATION_STATES.map((s) => {
      const n = list.filter(({ p }) => p.state === s).length;
      const name = tr(`part.state.${s}`);
      return { label: tr('chart.legend', { label: name, count: n }), value: n, color: STATE_COLORS[s], name, text: String(n) };
    }),
  );
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
        detail: p.updatedAt
          ? tr('ov.row', { state: tr(`part.state.${p.state}`), date: date(lang, p.updatedAt, tz) })
          : tr('ov.rowNew', { state: tr(`part.state.${p.state}`) }),
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
    chart: stateChart(tr, c.list),
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
