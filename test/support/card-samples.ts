import { VERBS } from '../../src/cards/verbs.js';
import * as cards from '../../src/cards/render.js';
import { translator } from '../../src/i18n/index.js';
import type { AdaptiveCard } from '../../src/cards/templates.js';
import * as needCards from '../../src/cards/needs.js';
import * as callViews from '../../src/features/calls/views.js';
import * as callQueries from '../../src/features/calls/queries.js';
import * as partViews from '../../src/features/participation/views.js';
import * as partQueries from '../../src/features/participation/queries.js';
import { waitingCard } from '../../src/features/onboarding/waiting.js';
import { changeView } from '../../src/features/participation/change-views.js';
import { prioritiesView } from '../../src/features/needs/list-views.js';
import { testDeps } from './deps.js';
import type { Call } from '../../src/domain/calls/types.js';
import { loadDirectory } from '../../src/directory/load.js';
import { DEMO_DIRECTORY } from '../../src/paths.js';
import { resolveIdentity } from '../../src/domain/identity.js';

/* Sample view models for every template in cards/, shared by the card tests and the card↔handler contract test. */

export const deps = testDeps();
export const call: Call = {
  id: '00000000-0000-4000-8000-000000000001',
  ref: 'UT-2026-0001',
  title: 'Velferdsteknologi',
  summary: 'USN søker tre kommuner',
  body: '**Studie**',
  sender: 'USN',
  link: 'https://usn.no',
  deadline: '2027-01-15',
  kind: 'participation',
  target: { type: 'cluster', id: 'notodden' },
  audience: 'contacts',
  status: 'sending',
  createdBy: null,
  createdByName: 'Ingrid',
  createdAt: '2026-11-30T09:00:00Z',
  updatedAt: '2026-11-30T09:00:00Z',
  municipalities: ['3318', '4005'],
};
const coordinator = resolveIdentity(loadDirectory(DEMO_DIRECTORY), [], {
  id: 'aad-ingrid',
  tenantId: 't',
  name: 'Ingrid',
  email: 'ingrid.haugen@notodden.example.no',
  municipality: '4005',
  selfRegistered: false,
  linkedAt: '',
  updatedAt: '',
});

const t = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k.toUpperCase()])) as never;
const choice = [{ title: 'A', value: 'a' }];

const tr = translator('nb');
const facts = [{ label: 'Navn', value: 'Kari' }];

const NEED = '10000000-0000-4000-8000-000000000001';
const TWIN = '10000000-0000-4000-8000-000000000002';

/** Every template rendered with sample data (ids and values as the services make them). */
export const samples: Record<string, AdaptiveCard> = {
  welcome: cards.welcomeCard(tr, { you: 'Du er registrert' }),
  menu: cards.menuCard(tr, { roles: 'Ansatt', items: [{ title: 'Om meg', command: 'meg' }] }),
  facts: cards.factsCard({ title: 'T', facts }),
  onboarding: cards.onboardingCard(tr, { municipalities: [{ number: '3318', name: 'Krødsherad' }], selected: '3318', error: 'Feil' }),
  language: cards.languageCard(tr, 'OK'),
  'my-data': cards.myDataCard(tr, { personFacts: facts, conversations: [{ line: 'Personlig chat' }], sections: [{ heading: 'H', lines: ['a'] }] }),
  confirm: cards.confirmCard({
    title: 'T',
    body: 'B',
    confirmLabel: 'Ja',
    cancelLabel: 'Nei',
    confirmVerb: VERBS.confirmDelete,
    cancelVerb: VERBS.cancelDelete,
    data: { id: 'x' },
  }),
  notice: cards.noticeCard('T', 'x'),
  cluster: partViews.overviewView(await partQueries.overviewVm(deps, coordinator, async () => 'https://x/export'), tr, 'nb'),
  participation: partViews.participationView(
    await partQueries.participationVm(deps, await deps.store.participation.get('notodden', '3318'), {
      asCoordinator: true,
      problem: 'P',
      change: { stepN: 1, canCorrect: true, canUndo: true },
    }),
    tr,
    'nb',
  ),
  'participation-change': changeView(
    await partQueries.changeVm(
      deps,
      { ...(await deps.store.participation.get('notodden', '3318')), state: 'decided', decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'join' },
      {
        n: 1,
        step: 'decided',
        from: 'decision-pending',
        to: 'decided',
        by: 'kari',
        facts: { decisionDate: '2026-05-21', caseNumber: '26/1', outcome: 'join' },
      },
      { mode: 'correct', noteRequired: true, problem: 'P' },
    ),
    tr,
    'nb',
  ),
  'need-form': needCards.needFormCard({
    t: t([
      'title',
      'intro',
      'privacy',
      'errorsHeading',
      'requiredNote',
      'fTitle',
      'fDescription',
      'fPopulation',
      'fIntervention',
      'fComparison',
      'fOutcome',
      'fServiceArea',
      'fDecision',
      'fUrgency',
      'fTheme',
      'errTitle',
      'errDescription',
      'errChoice',
      'submit',
    ]),
    values: {
      title: 'x',
      description: '',
      population: '',
      intervention: '',
      comparison: '',
      outcome: '',
      serviceArea: '',
      decision: '',
      urgency: '',
      theme: 'a',
    },
    errors: ['Tittel: må fylles ut.'],
    serviceAreas: choice,
    urgencies: choice,
    themes: choice,
    needId: '',
  }),
  need: needCards.needCard({
    id: NEED,
    title: 'T',
    banner: 'B',
    problem: 'P',
    facts,
    description: 'D',
    pico: facts,
    showSimilar: true,
    similar: [{ id: TWIN, line: 'KB', linkLabel: 'Koble' }],
    history: ['h'],
    transitions: [{ to: 'assessed', label: 'Vurdert' }],
    canEdit: true,
    canWithdraw: true,
    canUnlink: true,
    back: { scope: 'mine', page: 2 },
    t: t(['pico', 'similar', 'noSimilar', 'history', 'actions', 'noteLabel', 'notePlaceholder', 'edit', 'withdraw', 'unlink', 'open', 'back']),
  }),
  'need-list': needCards.needListCard({
    title: 'T',
    summary: 'S',
    scope: 'cluster',
    showFilters: true,
    filters: { status: '', municipality: '', theme: '', serviceArea: '' },
    statusChoices: choice,
    municipalityChoices: choice,
    themeChoices: choice,
    serviceAreaChoices: choice,
    rows: [{ id: NEED, title: 'T', detail: 'D', open: 'Åpne KB-2026-0001' }],
    back: { scope: 'cluster', page: 2 },
    pager: { range: 'R', previous: { scope: 'cluster', page: 1 }, next: { scope: 'cluster', page: 3 }, t: { previous: 'P', next: 'N' } },
    t: t(['filterHeading', 'status', 'municipality', 'theme', 'serviceArea', 'apply']),
  }),
  // two entries: the list's chart of how many municipalities stand behind each
  priorities: prioritiesView(
    {
      lists: [
        {
          clusterId: 'c',
          clusterName: 'L',
          editable: true,
          entries: [
            { entry: 'need:1', title: 'T', refs: ['KB-2026-0001'], municipalities: ['Krødsherad', 'Notodden'] },
            { entry: 'need:2', title: 'U', refs: ['KB-2026-0002'], municipalities: ['Seljord'] },
          ],
        },
      ],
    },
    tr,
  ),
  call: callViews.recipientCallView(await callQueries.recipientCallVm(deps, call, { municipality: '3318', isContact: true, personId: 'x' }), tr, 'nb'),
  'call-form': callViews.callFormView(await callQueries.callFormVm(deps, coordinator, { errors: [{ field: 'title', problem: 'required' }] }), tr),
  'call-progress': callViews.progressView(await callQueries.progressVm(deps, call), tr, 'nb'),
  waiting: waitingCard(tr, 'Krødsherad', [{ label: 'Behov', count: 2, button: 'Vis', command: 'behov', note: 'N' }]),
  'call-list': callViews.callListView(await callQueries.callListVm(deps, [call], 'Utlysninger', { list: 'managed', page: 1 }), tr, 'nb'),
  'call-detail': callViews.callDetailView(await callQueries.callDetailVm(deps, call, { exportUrl: 'https://x/y' }), tr, 'nb'),
  'action-notice': needCards.actionNoticeCard({
    title: 'T',
    lines: ['l'],
    buttons: [{ title: 'Åpne', verb: VERBS.openNeed, data: { needId: NEED } }],
    links: [{ title: 'Last ned', url: 'https://x/y' }],
  }),
  'shared-need': needCards.sharedNeedCard({
    kind: 'Kunnskapsbehov i KSF',
    title: 'Fallforebygging',
    municipality: 'Krødsherad',
    status: 'Mottatt',
    ref: 'KB-2026-0001',
    needId: NEED,
    verb: VERBS.openNeed,
    t: t(['municipality', 'status', 'reference', 'open', 'note']),
  }),
};

/** Variants a template shows in other states (the call as its coordinator previews it). */
const detailVm = await callQueries.callDetailVm(deps, call, { back: { list: 'managed', page: 2 } });
const readsOf = { people: [{ name: 'K', municipality: '3318', state: 'unread' as const }], municipalities: [] };
export const variants: Record<string, AdaptiveCard> = {
  'call-detail (reads)': callViews.callDetailView({ ...detailVm, reads: readsOf }, tr, 'nb'),
  'call-detail (delivered, not read)': callViews.callDetailView({ ...detailVm, reads: readsOf, readFilter: 'unread' }, tr, 'nb'),
  'call (preview)': callViews.previewView(
    await callQueries.previewVm(deps, { ...call, status: 'draft' }, { municipalities: 2, reachable: 1, notInstalled: 1 }),
    tr,
    'nb',
  ),
  // municipalities in three states: the overview's donut
  'cluster (tracked)': partViews.overviewView(
    {
      clusters: [
        {
          id: 'notodden',
          name: 'Notodden',
          leadName: 'Notodden',
          list: (['invited', 'decided', 'decided', 'declined'] as const).map((state, i) => ({
            p: { id: `notodden:${i}`, cluster: 'notodden', municipality: String(4000 + i), state, updatedAt: '2026-11-30T09:00:00Z' },
            name: `Kommune ${i}`,
          })),
          invitable: [],
          exportUrl: 'https://x/export',
        },
      ],
      state: { pages: {} },
      banner: '',
      timezone: 'Europe/Oslo',
    },
    tr,
    'nb',
  ),
};
