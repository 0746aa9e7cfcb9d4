import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { reAnswerBytes } from '../support/history-growth.js';
import { testDeps } from '../support/deps.js';
import { openStore } from '../../src/store/store.js';
import { resolveIdentity } from '../../src/domain/identity.js';
import { recordAnswer } from '../../src/features/calls/answers.js';
import { SlidingWindowLimiter } from '../../src/features/change-limiter.js';
import type { Call } from '../../src/domain/calls/types.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ksf-history-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('history growth costs O(1) per event', () => {
  it('appends as many bytes for the 2,000th re-answer of a call as for the 1st', async () => {
    const bytes = await reAnswerBytes(tempDir(), 2000);
    const first = mean(bytes.slice(0, 100));
    const last = mean(bytes.slice(1900, 2000));
    // with the history inside the answer record the last 100 cost ~220 KB each, the first ~6 KB
    expect(last / first).toBeLessThanOrEqual(1.2);
    expect(Math.max(...bytes)).toBeLessThan(2_000);
  }, 120_000);
});

function callWorld() {
  const deps = testDeps(new Date('2026-11-30T09:00:00Z'));
  const now = deps.clock.now().toISOString();
  const call: Call = {
    id: randomUUID(),
    ref: 'UT-2026-0001',
    title: 'T',
    summary: 'S',
    body: 'B',
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
  return { deps, call, kari };
}

describe('repeated and rapid changes by one person', () => {
  it('answers the same answer and comment again with "already recorded" and writes nothing', async () => {
    const { deps, call, kari } = callWorld();
    await deps.store.calls.commit([deps.store.calls.op(call)]);
    expect((await recordAnswer(deps, kari, call.id, 'join', 'Ja')).ok).toBe(true);
    const seq = (await deps.store.stats()).seq;
    const again = await recordAnswer(deps, kari, call.id, 'join', ' Ja ');
    expect(again).toMatchObject({ ok: true, unchanged: true });
    expect((await deps.store.stats()).seq).toBe(seq);
    expect(await deps.store.calls.answerHistory(`${call.id}:3318`)).toHaveLength(1);
    // a different comment is a change
    expect(await recordAnswer(deps, kari, call.id, 'join', 'Ja, med forbehold')).toMatchObject({ ok: true });
    expect((await deps.store.calls.answerHistory(`${call.id}:3318`)).map((h) => h.comment)).toEqual(['Ja', 'Ja, med forbehold']);
  });

  it('refuses more than the limit of changes a minute with "slow down", writing nothing, and lets them through again later', async () => {
    const { deps, call, kari } = callWorld();
    deps.changes = new SlidingWindowLimiter(5);
    await deps.store.calls.commit([deps.store.calls.op(call)]);
    for (let i = 0; i < 5; i++) expect((await recordAnswer(deps, kari, call.id, i % 2 ? 'join' : 'interested', '')).ok).toBe(true);
    const seq = (await deps.store.stats()).seq;
    expect(await recordAnswer(deps, kari, call.id, 'not-relevant', '')).toEqual({ ok: false, problem: 'slow-down' });
    expect((await deps.store.stats()).seq).toBe(seq);
    expect((await deps.store.calls.answer(`${call.id}:3318`))!.answer).toBe('interested');
    deps.clock.t += 61_000;
    expect((await recordAnswer(deps, kari, call.id, 'not-relevant', '')).ok).toBe(true);
  });
});

describe('migration to schema v2', () => {
  it('moves embedded histories of needs, call answers and participation into their own records, once', async () => {
    const dir = tempDir();
    const file = join(dir, 'ksf.json');
    const at = '2026-11-30T09:00:00.000Z';
    const need = {
      id: 'n1',
      ref: 'KB-2026-0001',
      municipality: '3318',
      authorId: 'p1',
      authorName: 'A',
      status: 'assessed',
      title: 't',
      createdAt: at,
      updatedAt: at,
      history: [
        { at, by: 'p1', byName: 'A', as: 'author', kind: 'created', to: 'received' },
        { at, by: 'p2', byName: 'B', as: 'contact', kind: 'status', from: 'received', to: 'assessed', note: 'ok' },
      ],
    };
    const answer = {
      id: 'c1:3318',
      callId: 'c1',
      municipality: '3318',
      answer: 'join',
      comment: '',
      by: 'p2',
      byName: 'B',
      at,
      history: [
        { answer: 'interested', comment: 'x', by: 'p2', byName: 'B', at },
        { answer: 'join', comment: '', by: 'p2', byName: 'B', at },
      ],
    };
    const part = {
      id: 'notodden:3318',
      cluster: 'notodden',
      municipality: '3318',
      state: 'decision-pending',
      updatedAt: at,
      history: [{ at, by: 'p2', byName: 'B', as: 'contact', from: 'invited', to: 'decision-pending', facts: { meetingDate: '2026-12-01' } }],
    };
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        seq: 3,
        collections: { needs: { n1: need }, callAnswers: { 'c1:3318': answer }, participation: { 'notodden:3318': part } },
      }),
    );

    let store = await openStore(file);
    expect((await store.stats()).schemaVersion).toBe(3);
    expect(await store.needs.get('n1')).not.toHaveProperty('history');
    expect((await store.needs.history('n1')).map((h) => [h.kind, h.to, h.byName, h.note])).toEqual([
      ['created', 'received', 'A', undefined],
      ['status', 'assessed', 'B', 'ok'],
    ]);
    expect(await store.calls.answer('c1:3318')).not.toHaveProperty('history');
    expect((await store.calls.answerHistory('c1:3318')).map((h) => h.answer)).toEqual(['interested', 'join']);
    expect(await store.participation.get('notodden', '3318')).not.toHaveProperty('history');
    expect((await store.participation.history('notodden:3318'))[0]).toMatchObject({
      from: 'invited',
      to: 'decision-pending',
      facts: { meetingDate: '2026-12-01' },
    });
    // the next event goes after the migrated ones
    await store.needs.commit([
      await store.needs.historyOp('n1', { at, by: 'p3', byName: 'C', as: 'coordinator', kind: 'status', from: 'assessed', to: 'prioritised' }),
    ]);
    await store.close();

    store = await openStore(file);
    expect((await store.needs.history('n1')).map((h) => h.to)).toEqual(['received', 'assessed', 'prioritised']);
    expect(await store.engine.count('needEvents')).toBe(3);
    await store.close();
  });
});
