import { describe, it, expect } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { formView, needView, type NeedVm } from '../../../src/features/needs/views.js';
import type { Need } from '../../../src/domain/needs/types.js';

// The needs views rendered from plain view models: no Deps, no store, no service.
const tr = translator('nb');
const need = {
  id: 'n1',
  ref: 'KB-2026-0042',
  title: 'Fallforebygging',
  description: 'Hvordan hindre fall',
  population: 'Eldre',
  intervention: '',
  comparison: '',
  outcome: '',
  decision: '',
  serviceArea: 'health',
  urgency: 'normal',
  theme: 'helse',
  municipality: '3318',
  status: 'received',
  authorId: 'p1',
  authorName: 'Sigrid',
  createdAt: '2026-11-30T09:00:00Z',
  updatedAt: '2026-11-30T09:00:00Z',
} as unknown as Need;
const base: NeedVm = {
  need,
  actors: ['coordinator'],
  municipalityName: 'Krødsherad',
  contacts: ['Kari Nordmann'],
  groupRefs: ['KB-2026-0003 (Seljord)'],
  theme: { id: 'helse', name: { nb: 'Helse', nn: 'Helse', en: 'Health' } },
  answeringCalls: [],
  history: [],
  timezone: 'Europe/Oslo',
  similar: [{ id: 'n2', ref: 'KB-2026-0007', title: 'Fall hjemme', municipality: 'Tinn', status: 'received' }],
};
const texts = (card: unknown) => JSON.stringify(card);

describe('needs views (pure)', () => {
  it('shows a coordinator the facts, the group and a similar need they may link', () => {
    const json = texts(needView(base, tr, 'nb'));
    expect(json).toContain('Krødsherad');
    expect(json).toContain('Kari Nordmann');
    expect(json).toContain('KB-2026-0003 (Seljord)');
    expect(json).toContain('KB-2026-0007 Fall hjemme (Tinn)');
    expect(json).toContain('Koble med KB-2026-0007');
  });

  it('shows no similar needs when the view model carries none', () => {
    expect(texts(needView({ ...base, actors: ['author'], similar: undefined }, tr, 'nb'))).not.toContain('KB-2026-0007');
  });

  it("the form names the municipality and offers the themes in the reader's language", () => {
    const json = texts(formView({ municipalityName: 'Seljord', themes: [{ id: 'helse', name: { nb: 'Helse', nn: 'Helse', en: 'Health' } }] }, tr, 'en'));
    expect(json).toContain('Seljord');
    expect(json).toContain('Health');
  });
});

describe('needs list views (pure)', () => {
  it('renders a page of a cluster list with the municipality names and filters it was given', async () => {
    const { listView, prioritiesView } = await import('../../../src/features/needs/list-views.js');
    const filters = { scope: 'cluster' as const, status: '' as const, theme: '', serviceArea: '' as const, municipality: '', page: 1 };
    const page = { items: [{ need, municipalityName: 'Krødsherad' }], page: 1, pages: 1, from: 1, to: 1, total: 1 };
    const json = texts(
      listView(
        { filters, page, ownMunicipalityName: 'Notodden', municipalities: [{ title: 'Krødsherad', value: '3318' }], themes: [], timezone: 'Europe/Oslo' },
        tr,
        'nb',
      ),
    );
    expect(json).toContain('KB-2026-0042');
    expect(json).toContain('Krødsherad');
    const priorities = texts(
      prioritiesView(
        {
          lists: [
            {
              clusterId: 'notodden',
              clusterName: 'Notodden',
              editable: false,
              entries: [{ entry: 'need:n1', title: 'Fall', refs: ['KB-2026-0042'], municipalities: ['Krødsherad'] }],
            },
          ],
        },
        tr,
      ),
    );
    expect(priorities).toContain('KB-2026-0042');
    expect(priorities).toContain('Krødsherad');
  });
});
