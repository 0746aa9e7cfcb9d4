import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { IndexDef } from '../../src/store/backend.js';
import { inUnit, withRetry } from '../../src/store/unit.js';
import { openPgBackend } from '../../src/store/pg/backend.js';
import { PG_SCHEMA_VERSION, pgMigrations } from '../../src/store/pg/schema.js';
import { waitFor } from '../support/wait.js';
import { closeAll, freshPg, server, skipped, sibling } from './backends.js';

interface Msg {
  id: string;
  to: string;
  n: number;
  owner?: string;
}

const byTo: IndexDef<Msg> = { name: 'byTo', collection: 'outbox', key: (m) => m.to };
const byOwner: IndexDef<Msg> = { name: 'byOwner', collection: 'outbox', key: (m) => m.owner };

afterAll(async () => {
  await closeAll();
  await server?.stop();
});

async function sql<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!server)(`PostgreSQL backend: several instances on one database${skipped}`, () => {
  it('3 instances opening a new database at the same moment: each migration runs once', async () => {
    const url = await server!.createDatabase();
    const three = await Promise.all([0, 1, 2].map(() => sibling(url)));
    const ran = await Promise.all(three.map(async (b) => (await b.describe()).migrationsRun as number[]));
    expect(ran.flat().sort()).toEqual(pgMigrations.map((m) => m.to));
    expect(ran.filter((r) => r.length).length).toBe(1);
    for (const b of three) expect((await b.describe()).schemaVersion).toBe(PG_SCHEMA_VERSION);
    expect(await sql(url, 'select version from ksf_schema order by version')).toEqual(pgMigrations.map((m) => ({ version: m.to })));
  });

  it('a commit of 1,000 records with an index is atomic and answers in well under a second', async () => {
    const b = await freshPg();
    b.defineIndex(byTo);
    const ops = Array.from({ length: 1000 }, (_, i) => ({ c: 'outbox', id: `m${i}`, v: { id: `m${i}`, to: `p${i % 10}`, n: i } }));
    const started = performance.now();
    await b.commit(ops);
    const ms = performance.now() - started;
    expect(await b.count('outbox')).toBe(1000);
    expect((await b.byKey<Msg>(byTo, 'p3')).map((m) => m.n)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10 + 3));
    expect(ms).toBeLessThan(3000);
    // one value PostgreSQL refuses (jsonb holds no NUL character) keeps the other 999 out
    const bad = ops.map((op) => ({ ...op, id: `n${op.id}`, v: { ...op.v, id: `n${op.id}` } }));
    bad[500] = { ...bad[500], v: { ...bad[500].v, to: 'nul\u0000' } };
    await expect(b.commit(bad)).rejects.toThrow();
    expect(await b.count('outbox')).toBe(1000);
    expect(b.health().writable).toBe(true);
  });

  it('an index declared by a second instance over records the first wrote is built once from them', async () => {
    const url = await server!.createDatabase();
    const a = await sibling(url);
    await a.commit(Array.from({ length: 2500 }, (_, i) => ({ c: 'outbox', id: `m${i}`, v: { id: `m${i}`, to: i % 2 ? 'odd' : 'even', n: i } })));
    const [b, c] = await Promise.all([sibling(url), sibling(url)]);
    b.defineIndex(byTo);
    c.defineIndex(byTo);
    const [odd, even] = await Promise.all([b.countByKey(byTo, 'odd'), c.countByKey(byTo, 'even')]);
    expect([odd, even]).toEqual([1250, 1250]);
    expect((await b.byKey<Msg>(byTo, 'odd')).slice(0, 3).map((m) => m.n)).toEqual([1, 3, 5]);
    expect(await sql(url, "select count(*)::int as n from ksf_index_builds where c = 'outbox'")).toEqual([{ n: 1 }]);
    expect(await sql(url, "select count(*)::int as n from ksf_keys where ix = 'byTo'")).toEqual([{ n: 2500 }]);
  });

  it('200 concurrent increments through withRetry on two instances end at exactly 200', async () => {
    const url = await server!.createDatabase();
    const a = await sibling(url);
    const b = await sibling(url);
    await a.commit([{ c: 'counters', id: 'x', v: { id: 'x', n: 0 } }]);
    let retries = 0;
    const increment = (backend: typeof a) =>
      withRetry(
        async () => {
          const t = (await backend.get<Msg>('counters', 'x'))!;
          await backend.commit([{ c: 'counters', id: 'x', v: { ...t, n: t.n + 1 } }]);
        },
        { attempts: 10_000, onRetry: () => retries++ },
      );
    await Promise.all(Array.from({ length: 200 }, (_, i) => increment(i % 2 ? a : b)));
    expect(await a.get('counters', 'x')).toMatchObject({ n: 200 });
    expect(retries).toBeGreaterThan(0);
  });

  it('two instances claiming the same 100 candidates at once: each record goes to exactly one', async () => {
    const url = await server!.createDatabase();
    const a = await sibling(url);
    const b = await sibling(url);
    a.defineIndex(byOwner);
    await a.commit(Array.from({ length: 100 }, (_, i) => ({ c: 'outbox', id: `m${i}`, v: { id: `m${i}`, to: 'p', n: i } })));
    const claimBy = (backend: typeof a, owner: string) =>
      inUnit(async () => {
        const candidates = await backend.byKey(byTo, 'p');
        const chunks = [candidates.slice(0, 50), candidates.slice(50)];
        const got = await Promise.all(chunks.map((chunk) => backend.claim('outbox', owner === 'a' ? chunk : [...chunk].reverse(), (m) => ({ ...m, owner }))));
        return got.flat();
      });
    const [byA, byB] = await Promise.all([claimBy(a, 'a'), claimBy(b, 'b')]);
    const ids = [...byA, ...byB].map((m) => m.id);
    expect(ids.length).toBe(100);
    expect(new Set(ids).size).toBe(100);
    const stored = await a.values<Msg>('outbox');
    expect(
      stored
        .filter((m) => m.owner === 'a')
        .map((m) => m.id)
        .sort(),
    ).toEqual(byA.map((m) => m.id).sort());
    expect(stored.filter((m) => m.owner === 'b').length).toBe(byB.length);
    expect(await a.countByKey(byOwner, 'a')).toBe(byA.length);
  });

  it('a lease is held by one owner and taken over only once it was not renewed for its ttl', async () => {
    const url = await server!.createDatabase();
    const a = await sibling(url);
    const b = await sibling(url);
    expect(await a.lease('sweep', 'instance-a', 400)).toBe(true);
    const heldSince = Date.now();
    expect(await b.lease('sweep', 'instance-b', 400)).toBe(false);
    expect(await a.lease('sweep', 'instance-a', 400)).toBe(true);
    const renewed = Date.now();
    await waitFor(() => b.lease('sweep', 'instance-b', 400), { interval: 25, what: 'instance b to take over the lease' });
    expect(Date.now() - renewed).toBeGreaterThanOrEqual(380);
    expect(Date.now() - heldSince).toBeGreaterThanOrEqual(380);
    expect(await a.lease('sweep', 'instance-a', 400)).toBe(false);
    expect(await b.lease('other', 'instance-b', 400)).toBe(true);
  });

  it('3 instances reserving 150 slots at 50/s: slots 20 ms apart in one order, never more than 50 in a second', async () => {
    const url = await server!.createDatabase();
    const a = await sibling(url);
    const three = [a, await sibling(url), await sibling(url)];
    const slots = await Promise.all(Array.from({ length: 150 }, (_, i) => three[i % 3].reserveSlotAt('teams:conv-1', 50)));
    const at = slots.map((s) => s.at).sort((x, y) => x - y);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(19.99);
    for (let i = 50; i < at.length; i++) expect(at[i] - at[i - 50]).toBeGreaterThanOrEqual(999.9);
    const waits = slots.map((s) => s.waitMs).sort((x, y) => x - y);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[149]).toBeGreaterThan(2500);
    // another key has its own slots
    expect(await a.reserveSlot('teams:conv-2', 50)).toBeLessThan(20);
  });

  it('an idle connection the server ends (an operator, an idle timeout) does not stop the store', async () => {
    const url = await server!.createDatabase();
    const b = await sibling(url);
    await b.commit([{ c: 'outbox', id: 'm1', v: { id: 'm1', to: 'p', n: 1 } }]);
    expect((await b.describe()).pool).toMatchObject({ idle: 1 });
    const ended = await sql<{ ok: boolean }>(
      url,
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    expect(ended).toEqual([{ ok: true }]);
    const heard: boolean[] = [];
    b.onHealthChange((h) => heard.push(h.writable));
    await waitFor(async () => (await b.describe()).lostConnections === 1, { what: 'the pool to notice the ended connection' });
    expect(await b.get('outbox', 'm1')).toEqual({ id: 'm1', to: 'p', n: 1 });
    expect(b.health()).toEqual({ writable: true });
    expect(heard).toEqual([]);
  });

  it('refuses to open with a clear message when the database cannot be reached', async () => {
    await expect(openPgBackend('postgres://ksf:secret@127.0.0.1:1/none', { connectTimeoutMs: 2000 })).rejects.toThrow(
      /The PostgreSQL database postgres:\/\/ksf:\*\*\*@127\.0\.0\.1:1\/none cannot be reached: .*ECONNREFUSED.*check KSF_DATABASE_URL/,
    );
  });
});
