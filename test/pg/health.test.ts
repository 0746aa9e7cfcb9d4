import { afterAll, describe, expect, it } from 'vitest';
import { PG_SCHEMA_VERSION } from '../../src/store/pg/schema.js';
import { PEOPLE, world, type World } from '../support/harness.js';
import { startOwnPostgres } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

// a server of its own, since this test stops it (never the shared one)
const { server, reason } = await startOwnPostgres();
let w: World | undefined;

afterAll(async () => {
  await w?.close();
  await server?.stop();
});

const healthz = async (url: string) => {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe.skipIf(!server)(`/healthz on PostgreSQL${server ? '' : ` (skipped: ${reason})`}`, () => {
  it('reports the database (reachable, migration version, outbox backlog) without its password, 503 while it is down and 200 once it is back', async () => {
    const db = new URL(await server!.createDatabase());
    db.username = 'ksf';
    db.password = 's3cret-pw'; // trust authentication ignores it; /healthz must not show it
    w = await world({ KSF_DATABASE_URL: db.toString() });
    await w.client(PEOPLE.contact).say('meg');
    // one message waiting for tomorrow, one due now that an instance holds (claimed) without sending yet
    const now = Date.now();
    const message = (id: string, nextAttemptAt: number, claimed: boolean) => ({
      id,
      kind: 'test',
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: new Date(nextAttemptAt).toISOString(),
      createdAt: new Date(now).toISOString(),
      ...(claimed ? { claimedBy: 'elsewhere', claimedUntil: new Date(now + 3600_000).toISOString() } : {}),
    });
    await w.bot.deps.store.outbox.save(message('later', now + 86_400_000, false));
    await w.bot.deps.store.outbox.save(message('held', now - 5000, true));

    const up = await healthz(w.bot.url);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      store: {
        kind: 'postgres',
        writable: true,
        schemaVersion: PG_SCHEMA_VERSION,
        database: { reachable: true, schemaVersion: PG_SCHEMA_VERSION, expectedSchemaVersion: PG_SCHEMA_VERSION, lostConnections: 0 },
        outbox: { pending: 2, due: 1, claimed: 1 },
        counts: { people: 1, conversations: 1 },
      },
    });
    expect(up.body.store.outbox.oldestDueSeconds).toBeGreaterThanOrEqual(5);
    expect(up.body.store.database.url).toBe(`postgres://ksf:***@${db.host}${db.pathname}`);
    expect(JSON.stringify(up.body)).not.toContain('s3cret-pw');

    await server!.crash!();
    const down = await waitFor(
      async () => {
        const h = await healthz(w!.bot.url);
        return h.status === 503 ? h : null;
      },
      { what: '/healthz 503' },
    );
    expect(down.body).toMatchObject({
      status: 'degraded',
      reason: expect.stringContaining('The store cannot write: the PostgreSQL database cannot be reached'),
      store: { kind: 'postgres', writable: false, database: { reachable: false, expectedSchemaVersion: PG_SCHEMA_VERSION } },
    });
    expect(down.body.store.database.url).toBe(`postgres://ksf:***@${db.host}${db.pathname}`);

    await server!.restart!();
    const back = await waitFor(
      async () => {
        const h = await healthz(w!.bot.url);
        return h.status === 200 ? h : null;
      },
      { timeout: 20_000, what: '/healthz 200 again' },
    );
    expect(back.body.store.database).toMatchObject({ reachable: true, schemaVersion: PG_SCHEMA_VERSION });
  });
});
