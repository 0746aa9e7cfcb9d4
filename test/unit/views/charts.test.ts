import { describe, it, expect } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import type { Language } from '../../../src/domain/people.js';
import { overviewView, type OverviewVm } from '../../../src/features/participation/views.js';
import { callDetailView, type CallDetailVm } from '../../../src/features/calls/views.js';
import { prioritiesView, type PrioritiesVm } from '../../../src/features/needs/list-views.js';
import type { Participation, ParticipationState } from '../../../src/domain/participation.js';
import type { Call, CallAnswer } from '../../../src/domain/calls/types.js';
import { chartLabels, chartsIn, chartValues, fallbackText } from '../../support/charts.js';

// The charts of the overview, the call detail and the priority list, rendered from plain view
// models: the numbers drawn, the labels that name them, and the text shown where charts are not.
const LANGS = ['nb', 'nn', 'en'] as const satisfies readonly Language[];

const part = (municipality: string, state: ParticipationState): Participation => ({
  id: `notodden:${municipality}`,
  cluster: 'notodden',
  municipality,
  state,
  updatedAt: '2026-11-30T09:00:00Z',
});
const states: ParticipationState[] = ['invited', 'invited', 'invited', 'decided', 'decided', 'declined'];
const overview: OverviewVm = {
  clusters: [
    {
      id: 'notodden',
      name: 'Notodden-klyngen',
      leadName: 'Notodden',
      list: states.map((s, i) => ({ p: part(String(4000 + i), s), name: `Kommune ${i}` })),
      invitable: [],
      exportUrl: 'https://x/export',
    },
  ],
  state: { pages: {} },
  banner: '',
  timezone: 'Europe/Oslo',
};

const call: Call = {
  id: '00000000-0000-4000-8000-000000000001',
  ref: 'UT-2026-0001',
  title: 'Velferdsteknologi',
  summary: 'USN søker tre kommuner',
  body: 'Studie',
  sender: 'USN',
  link: 'https://usn.no',
  deadline: '2027-01-15',
  kind: 'participation',
  target: { type: 'cluster', id: 'notodden' },
  audience: 'contacts',
  status: 'sent',
  createdBy: null,
  createdByName: 'Ingrid',
  createdAt: '2026-11-30T09:00:00Z',
  updatedAt: '2026-11-30T09:00:00Z',
  municipalities: ['3318', '4005', '3806', '3805', '3812'],
};
const answer = (municipality: string, a: CallAnswer['answer']): CallAnswer =>
  ({ id: municipality, callId: call.id, municipality, answer: a, at: '2026-12-01T10:00:00Z', byName: 'Kari' }) as CallAnswer;
const answers = [answer('3318', 'join'), answer('4005', 'join'), answer('3806', 'not-relevant')];
const detail: CallDetailVm = {
  call,
  stats: {
    join: 2,
    interested: 0,
    notRelevant: 1,
    silent: ['3805', '3812'],
    municipalityAnswers: answers,
    individual: [],
    deliveries: { sent: 7, pending: 2, failed: 1, unreachable: 1, 'not-installed': 3, cancelled: 0 },
  },
  undelivered: [],
  reads: { people: [], municipalities: [] },
  readFilter: 'all',
  names: { '3318': 'Krødsherad', '4005': 'Notodden', '3806': 'Porsgrunn', '3805': 'Larvik', '3812': 'Nissedal' },
  timezone: 'Europe/Oslo',
  open: true,
  stillOpen: true,
};

const entry = (n: number, municipalities: string[]) => ({
  entry: `need:${n}`,
  title: `Behov ${n}`,
  refs: [`KB-2026-000${n}`],
  municipalities,
});
const priorities = (entries: PrioritiesVm['lists'][number]['entries']): PrioritiesVm => ({
  lists: [{ clusterId: 'notodden', clusterName: 'Notodden-klyngen', editable: false, entries }],
});

describe('the overview chart', () => {
  it.each(LANGS)('%s: a donut of the municipalities by state, each slice named with its number, the text bars as its fallback', (lang) => {
    const tr = translator(lang);
    const [chart, ...more] = chartsIn(overviewView(overview, tr, lang));
    expect(more).toEqual([]);
    expect(chart.type).toBe('Chart.Donut');
    expect(chartValues(chart)).toEqual([3, 0, 2, 0, 0, 1]);
    const legend = chartLabels(chart);
    expect(legend).toEqual([
      `${tr('part.state.invited')}: 3`,
      `${tr('part.state.decision-pending')}: 0`,
      `${tr('part.state.decided')}: 2`,
      `${tr('part.state.agreement-signed')}: 0`,
      `${tr('part.state.active')}: 0`,
      `${tr('part.state.declined')}: 1`,
    ]);
    expect(chart.title).toBe(tr('ov.chart.title', { count: 6 }));
    expect(new Set(chart.data.map((d: { color: string }) => d.color)).size).toBe(6);
    const fallback = fallbackText(chart);
    expect(fallback.split('\n')[0]).toBe(`${tr('part.state.invited')}: ${'█'.repeat(6)}${'░'.repeat(6)} 3`);
    for (const [i, n] of [3, 0, 2, 0, 0, 1].entries()) expect(fallback.split('\n')[i]).toMatch(new RegExp(` ${n}$`));
  });

  it('says in words what the donut counts', () => {
    expect(chartsIn(overviewView(overview, translator('nb'), 'nb'))[0].title).toBe('Deltakelse etter steg: 6 kommuner');
    expect(chartsIn(overviewView(overview, translator('nn'), 'nn'))[0].title).toBe('Deltaking etter steg: 6 kommunar');
    expect(chartsIn(overviewView(overview, translator('en'), 'en'))[0].title).toBe('Participation by step: 6 municipalities');
    expect(chartLabels(chartsIn(overviewView(overview, translator('nb'), 'nb'))[0])).toContain('Vedtak fattet: 2');
    expect(chartLabels(chartsIn(overviewView(overview, translator('nn'), 'nn'))[0])).toContain('Vedtak gjort: 2');
    expect(chartLabels(chartsIn(overviewView(overview, translator('en'), 'en'))[0])).toContain('Decided: 2');
  });

  it('draws nothing for a cluster with no municipalities yet, and shows the counts as text', () => {
    const empty = { ...overview, clusters: [{ ...overview.clusters[0], list: [] }] };
    const card = overviewView(empty, translator('nb'), 'nb');
    expect(chartsIn(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"title":"Invitert"');
  });
});

describe('the call detail charts', () => {
  it.each(LANGS)('%s: deliveries as horizontal bars and answers by kind as vertical bars, numbers in the labels and in the fallback', (lang) => {
    const tr = translator(lang);
    const [deliveries, byKind, ...more] = chartsIn(callDetailView(detail, tr, lang));
    expect(more).toEqual([]);
    expect(deliveries.type).toBe('Chart.HorizontalBar');
    expect(chartValues(deliveries)).toEqual([7, 2, 5]);
    expect(chartLabels(deliveries)).toEqual([`${tr('call.progress.received')}: 7`, `${tr('call.progress.pending')}: 2`, `${tr('call.chart.notReached')}: 5`]);
    expect(deliveries.title).toBe(tr('call.chart.deliveries', { count: 14 }));
    expect(fallbackText(deliveries).split('\n')).toEqual([
      `${tr('call.progress.received')}: 7`,
      `${tr('call.progress.pending')}: 2`,
      `${tr('call.chart.notReached')}: 5`,
    ]);

    expect(byKind.type).toBe('Chart.VerticalBar');
    expect(chartValues(byKind)).toEqual([2, 0, 1, 2]);
    const kinds = [tr('call.answer.join'), tr('call.answer.interested'), tr('call.answer.not-relevant'), tr('call.chart.silent')];
    expect(chartLabels(byKind)).toEqual(kinds.map((k, i) => `${k}: ${[2, 0, 1, 2][i]}`));
    expect(byKind.title).toBe(tr('call.chart.answers', { count: 5 }));
    expect(fallbackText(byKind).split('\n')).toEqual(kinds.map((k, i) => `${k}: ${[2, 0, 1, 2][i]}`));
  });

  it('names the bars in each language', () => {
    expect(chartLabels(chartsIn(callDetailView(detail, translator('nb'), 'nb'))[1])).toEqual([
      'Vi deltar: 2',
      'Interessert: 0',
      'Ikke aktuelt: 1',
      'Ikke svart: 2',
    ]);
    expect(chartLabels(chartsIn(callDetailView(detail, translator('nn'), 'nn'))[1])).toEqual([
      'Vi deltek: 2',
      'Interessert: 0',
      'Ikkje aktuelt: 1',
      'Ikkje svart: 2',
    ]);
    expect(chartsIn(callDetailView(detail, translator('en'), 'en'))[0].title).toBe('Delivery: 14 recipients');
  });

  it('counts calls stopped before they were sent apart, as a fourth bar', () => {
    const stopped = { ...detail, stats: { ...detail.stats, deliveries: { ...detail.stats.deliveries, cancelled: 4 } } };
    const [deliveries] = chartsIn(callDetailView(stopped, translator('nb'), 'nb'));
    expect(chartLabels(deliveries)).toEqual(['Har fått den: 7', 'Venter: 2', 'Ikke nådd: 5', 'Ikke sendt (stoppet): 4']);
  });

  it('has no answer chart for an announcement, and no delivery chart before anything was queued', () => {
    const announcement = { ...detail, call: { ...call, kind: 'announcement' as const } };
    expect(chartsIn(callDetailView(announcement, translator('nb'), 'nb')).map((c) => c.type)).toEqual(['Chart.HorizontalBar']);
    const none = { ...detail, stats: { ...detail.stats, deliveries: { sent: 0, pending: 0, failed: 0, unreachable: 0, 'not-installed': 0, cancelled: 0 } } };
    const card = callDetailView(none, translator('nb'), 'nb');
    expect(chartsIn(card).map((c) => c.type)).toEqual(['Chart.VerticalBar']);
    expect(JSON.stringify(card)).toContain('{"title":"Har fått den","value":"0"}');
  });
});

describe('the priority list chart', () => {
  it.each(LANGS)('%s: horizontal bars of how many municipalities stand behind each of the top needs', (lang) => {
    const tr = translator(lang);
    const vm = priorities([entry(1, ['A', 'B', 'C']), entry(2, ['A']), entry(3, ['B', 'C'])]);
    const [chart] = chartsIn(prioritiesView(vm, tr));
    expect(chart.type).toBe('Chart.HorizontalBar');
    expect(chartValues(chart)).toEqual([3, 1, 2]);
    expect(chartLabels(chart)).toEqual([
      tr('priority.chart.bar', { rank: 1, title: 'Behov 1', count: 3 }),
      tr('priority.chart.bar', { rank: 2, title: 'Behov 2', count: 1 }),
      tr('priority.chart.bar', { rank: 3, title: 'Behov 3', count: 2 }),
    ]);
    expect(chart.title).toBe(tr('priority.chart.title', { count: 3 }));
    const fallback = fallbackText(chart);
    for (const n of ['3', '1', '2']) expect(fallback).toContain(n);
  });

  it('names the bars with their numbers in words', () => {
    const vm = priorities([entry(1, ['A', 'B', 'C']), entry(2, ['A'])]);
    expect(chartLabels(chartsIn(prioritiesView(vm, translator('nb')))[0])).toEqual(['1. Behov 1: 3 kommuner', '2. Behov 2: 1 kommune']);
    expect(chartLabels(chartsIn(prioritiesView(vm, translator('nn')))[0])).toEqual(['1. Behov 1: 3 kommunar', '2. Behov 2: 1 kommune']);
    expect(chartLabels(chartsIn(prioritiesView(vm, translator('en')))[0])).toEqual(['1. Behov 1: 3 municipalities', '2. Behov 2: 1 municipality']);
    expect(fallbackText(chartsIn(prioritiesView(vm, translator('nb')))[0]).split('\n')).toEqual(['1. Behov 1: 3 kommuner', '2. Behov 2: 1 kommune']);
    expect(chartsIn(prioritiesView(vm, translator('nb')))[0].title).toBe('Kommuner bak behovene på plass 1–2');
  });

  it('shows the top four only (a bar chart takes four), and no chart for fewer than two needs', () => {
    const six = priorities([1, 2, 3, 4, 5, 6].map((n) => entry(n, ['A'])));
    const [chart] = chartsIn(prioritiesView(six, translator('nb')));
    expect(chart.data).toHaveLength(4);
    expect(chart.title).toBe('Kommuner bak behovene på plass 1–4');
    expect(chartsIn(prioritiesView(priorities([entry(1, ['A'])]), translator('nb')))).toEqual([]);
    expect(chartsIn(prioritiesView(priorities([]), translator('nb')))).toEqual([]);
  });

  it('shows a need title as plain text in the chart: no invisible characters, long titles cut', () => {
    const vm = priorities([{ ...entry(1, ['A']), title: `Fall\u202E${'x'.repeat(80)}` }, entry(2, ['A'])]);
    const [label] = chartLabels(chartsIn(prioritiesView(vm, translator('nb')))[0]);
    expect(label).not.toMatch(/\u202E/);
    expect(label).toMatch(/^1\. Fallx+…: 1 kommune$/);
  });
});
