import { describe, it, expect } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { callDetailView, progressView, recipientCallView } from '../../../src/features/calls/views.js';
import type { CallStats } from '../../../src/features/calls/stats.js';
import type { Call } from '../../../src/domain/calls/types.js';

// The calls views rendered from plain view models: no Deps, no store, no directory.
const tr = translator('nb');
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
  municipalities: ['3318', '4005'],
};
const deliveries = { sent: 3, pending: 1, failed: 0, unreachable: 0, 'not-installed': 0, cancelled: 0 };
const stats: CallStats = { join: 0, interested: 0, notRelevant: 0, silent: ['3318'], municipalityAnswers: [], individual: [], deliveries };
const texts = (card: unknown) => JSON.stringify(card);

describe('calls views (pure)', () => {
  it("shows a contact person the reminder banner, the need it answers and their municipality's answer buttons", () => {
    const card = recipientCallView(
      {
        call,
        linkedNeeds: [{ id: 'n', ref: 'KB-2026-0007', title: 'Fall', municipality: 'Krødsherad' }],
        municipalityName: 'Krødsherad',
        timezone: 'Europe/Oslo',
        closed: false,
        right: { ok: true, as: 'municipality', options: ['join', 'interested', 'not-relevant'] },
        reminder: true,
        userId: '29:kari',
      },
      tr,
      'nb',
    );
    const json = texts(card);
    expect(json).toContain('Påminnelse: Krødsherad har ikke svart ennå.');
    expect(json).toContain('Svar for Krødsherad');
    expect(json).toContain('KB-2026-0007');
    expect((card as { refresh?: { userIds?: string[] } }).refresh?.userIds).toEqual(['29:kari']);
  });

  it('says a closed call is closed and offers no answers', () => {
    const json = texts(
      recipientCallView(
        { call, linkedNeeds: [], municipalityName: 'Krødsherad', timezone: 'Europe/Oslo', closed: true, right: { ok: false, reason: 'closed' } },
        tr,
        'nb',
      ),
    );
    expect(json).toContain('Utlysningen er lukket');
    expect(json).not.toContain('Svar for');
  });

  it('counts deliveries on the progress card and names silent municipalities on the detail card', () => {
    const reads = { people: [], municipalities: [] };
    expect(texts(progressView({ call, deliveries, reads, names: {}, answers: [], stillOpen: true, timezone: 'Europe/Oslo' }, tr, 'nb'))).toContain(
      '3 av 4 har fått utlysningen (75 %)',
    );
    const detail = texts(
      callDetailView(
        { call, stats, undelivered: [], names: { '3318': 'Krødsherad' }, reads, readFilter: 'all', timezone: 'Europe/Oslo', open: true, stillOpen: true },
        tr,
        'nb',
      ),
    );
    expect(detail).toContain('Ikke svart: Krødsherad');
  });
});
