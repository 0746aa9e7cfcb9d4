import { describe, it, expect } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { meView } from '../../../src/features/profile/views.js';
import { deleteConfirmView, myDataView } from '../../../src/features/privacy/views.js';
import type { Identity } from '../../../src/domain/identity.js';

// The profile and privacy views rendered from plain view models: no Deps, no store, no directory.
const tr = translator('nb');
const texts = (card: unknown) => JSON.stringify(card);
const ingrid = {
  personId: 'aad-ingrid',
  name: 'Ingrid Haugen',
  email: 'ingrid@x.no',
  municipality: '4005',
  roles: ['coordinator', 'employee'],
  language: 'nb',
  source: 'directory',
  coordinatedClusters: ['notodden'],
} as unknown as Identity;

describe('profile and privacy views (pure)', () => {
  it('`meg` names the municipality, clusters and what the person coordinates', () => {
    const json = texts(
      meView({ identity: ingrid, municipalityName: 'Notodden', clusterNames: ['Notodden-klyngen'], coordinates: ['Notodden-klyngen', 'Notodden-klyngen'] }, tr),
    );
    expect(json).toContain('Notodden-klyngen');
    expect(json).toContain('Koordinerer');
  });

  it('`mine data` lists the needs and what erasure deletes; the confirmation lists the same', () => {
    const plan = { deleted: { people: 1 }, anonymised: { needs: 2 } };
    const mine = texts(
      myDataView(
        { municipalityName: 'Notodden', conversations: [], needs: [{ ref: 'KB-2026-0001', title: 'Fall', status: 'received' }], plan, timezone: 'Europe/Oslo' },
        tr,
        'nb',
      ),
    );
    expect(mine).toContain('KB-2026-0001 Fall');
    expect(mine).toContain(': 2');
    expect(texts(deleteConfirmView(plan, tr))).toContain(': 2');
  });
});
