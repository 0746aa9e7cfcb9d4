import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { testDeps } from './deps.js';
import { openStore } from '../../src/store/store.js';
import { resolveIdentity } from '../../src/domain/identity.js';
import { recordAnswer } from '../../src/features/calls/answers.js';
import type { Call } from '../../src/domain/calls/types.js';

/**
 * One contact person re-answers one call `count` times (alternating answers, 3 s apart so the
 * change limit lets every one through) on a real store file with compaction off; returns the
 * bytes each re-answer appended to the journal.
 */
export async function reAnswerBytes(dir: string, count: number): Promise<number[]> {
  const deps = testDeps(new Date('2026-11-30T09:00:00Z'));
  deps.store = await openStore(join(dir, 'ksf.json'), { compactAtBytes: Infinity });
  const now = deps.clock.now().toISOString();
  const call: Call = {
    id: randomUUID(),
    ref: 'UT-2026-0001',
    title: 'Velferdsteknologi',
    summary: 'Tre kommuner til en studie.',
    body: 'Ett år.',
    sender: 'USN',
    link: '',
    deadline: '2027-01-15',
    kind: 'participation',
    target: { type: 'cluster', id: 'notodden' },
    audience: 'contacts',
    status: 'sent',
    createdBy: null,
    createdByName: 'Ingrid Haugen',
    createdAt: now,
    updatedAt: now,
    municipalities: ['3318'],
  };
  await deps.store.calls.commit([deps.store.calls.op(call)]);
  const kari = resolveIdentity(deps.directory, [], {
    id: 'aad-kari',
    tenantId: 't',
    name: 'Kari Nordmann',
    email: 'kari.nordmann@krodsherad.example.no',
    municipality: '3318',
    selfRegistered: false,
    linkedAt: now,
    updatedAt: now,
  });
  const bytes: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      deps.clock.t += 3_000;
      const before = (await deps.store.stats()).journalBytes;
      const r = await recordAnswer(deps, kari, call.id, i % 2 ? 'join' : 'interested', `svar ${i % 2}`);
      if (!r.ok || r.unchanged) throw new Error(`re-answer ${i + 1} was not recorded: ${JSON.stringify(r)}`);
      bytes.push((await deps.store.stats()).journalBytes - before);
    }
  } finally {
    await deps.store.close();
  }
  return bytes;
}
