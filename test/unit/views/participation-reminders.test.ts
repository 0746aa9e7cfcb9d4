import { describe, it, expect } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { overviewView, participationReminderView, participationView } from '../../../src/features/participation/views.js';
import { digestView } from '../../../src/features/reminders/views.js';
import { needReminderView } from '../../../src/features/needs/views.js';
import type { Participation } from '../../../src/domain/participation.js';
import type { Need } from '../../../src/domain/needs/types.js';

// Participation and reminder views rendered from plain view models: no Deps, no store, no directory.
const tr = translator('nb');
const texts = (card: unknown) => JSON.stringify(card);
const p = { id: 'notodden:3318', cluster: 'notodden', municipality: '3318', state: 'invited', updatedAt: '' } as unknown as Participation;

describe('participation and reminder views (pure)', () => {
  it('a municipality card names the municipality, cluster, contact persons and history', () => {
    const history = [
      {
        at: '2026-04-21T10:00:00Z',
        by: 'k',
        byName: 'Kari Nordmann',
        as: 'contact' as const,
        from: 'invited' as const,
        to: 'decision-pending' as const,
        facts: {},
      },
    ];
    const json = texts(
      participationView(
        {
          participation: p,
          municipalityName: 'Krødsherad',
          clusterName: 'Notodden-klyngen',
          contactNames: ['Kari Nordmann'],
          history,
          timezone: 'Europe/Oslo',
          asCoordinator: false,
        },
        tr,
        'nb',
      ),
    );
    expect(json).toContain('Deltakelse: Krødsherad i Notodden-klyngen');
    expect(json).toContain('Kari Nordmann');
  });

  it('the overview counts states as text bars and names each municipality on its button', () => {
    const json = texts(
      overviewView(
        {
          clusters: [
            { id: 'notodden', name: 'Notodden-klyngen', leadName: 'Notodden', list: [{ p, name: 'Krødsherad' }], invitable: [], exportUrl: 'https://x/e' },
          ],
          state: { pages: {} },
          banner: '',
          timezone: 'Europe/Oslo',
        },
        tr,
        'nb',
      ),
    );
    expect(json).toContain('████████████ 1');
    expect(json).toContain('Krødsherad');
  });

  it('reminders and the digest say what is due, from the counts they are given', () => {
    expect(
      texts(
        participationReminderView({ participation: p, municipalityName: 'Krødsherad', clusterName: 'Notodden-klyngen', timezone: 'Europe/Oslo' }, tr, 'nb'),
      ),
    ).toContain('Krødsherad');
    const need = { id: 'n1', ref: 'KB-2026-0042', title: 'Fall', createdAt: '2026-11-30T09:00:00Z' } as Need;
    expect(texts(needReminderView({ need, municipalityName: 'Krødsherad', timezone: 'Europe/Oslo' }, tr, 'nb'))).toContain('KB-2026-0042');
    const digest = texts(
      digestView(
        { clusterNames: ['Notodden-klyngen'], week: '2026-W51', newNeeds: 2, answers: 0, closing: [], lagging: [{ name: 'Tinn', state: 'invited' }] },
        tr,
      ),
    );
    expect(digest).toContain('Ukesoppsummering for Notodden-klyngen – 2026-W51');
    expect(digest).toContain('Tinn (Invitert)');
  });
});
