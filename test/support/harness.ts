import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import { FakeConnector, type Recorded } from './connector.js';
import { TeamsClient, type User } from './teams-client.js';
import type { Clock } from '../../src/deps.js';
import type { SenderLimits } from '../../src/outbox/sender.js';
import { testPostgres, type TestPostgres } from './postgres.js';

/** The demo directory's people as Teams users. */
export const PEOPLE = {
  coordinator: { id: '29:ingrid', aadObjectId: 'aad-ingrid', name: 'Ingrid Haugen', email: 'ingrid.haugen@notodden.example.no' },
  contact: { id: '29:kari', aadObjectId: 'aad-kari', name: 'Kari Nordmann', email: 'kari.nordmann@krodsherad.example.no' },
  employeeNynorsk: { id: '29:sigrid', aadObjectId: 'aad-sigrid', name: 'Sigrid Bakken', email: 'sigrid.bakken@seljord.example.no' },
  otherCoordinator: { id: '29:jon', aadObjectId: 'aad-jon', name: 'Jon Skaug', email: 'jon.skaug@skien.example.no' },
  contactSeljord: { id: '29:astrid', aadObjectId: 'aad-astrid', name: 'Astrid Lie', email: 'astrid.lie@seljord.example.no' },
  regionCoordinator: { id: '29:hilde', aadObjectId: 'aad-hilde', name: 'Hilde Berg', email: 'hilde.berg@drammen.example.no' },
  stranger: { id: '29:nora', aadObjectId: 'aad-nora', name: 'Nora Ny', email: 'nora.ny@krodsherad.example.no' },
} satisfies Record<string, User>;

export interface World {
  bot: RunningBot;
  connector: FakeConnector;
  dir: string;
  client(user: User, headers?: Record<string, string>): TeamsClient;
  restart(): Promise<void>;
  /** Waits until the outbox has nothing pending, retries included (at most 20 s). */
  settle(): Promise<void>;
  /** Everything the bot has sent into a user's personal chat so far. */
  inbox(user: User): Promise<Recorded[]>;
  close(): Promise<void>;
}

/** Which store the conversation tests run on: the JSON store, or PostgreSQL (`KSF_TEST_STORE=postgres`, the `postgres` project). */
export const TEST_STORE: 'json' | 'postgres' = process.env.KSF_TEST_STORE === 'postgres' ? 'postgres' : 'json';

let server: Promise<TestPostgres> | null = null;

/** A fresh database on the test server when the tests run on PostgreSQL; null on the JSON store. */
async function testDatabase(): Promise<string | null> {
  if (TEST_STORE !== 'postgres') return null;
  server ??= testPostgres().then((r) => {
    if (!r.server) throw new Error(`the conversation tests on PostgreSQL need a server: ${r.reason}`);
    return r.server;
  });
  return (await server).createDatabase();
}

/** A fresh bot on a fresh store (a temp folder, or a fresh PostgreSQL database), a fake connector process, and Teams clients. */
export async function world(
  env: Record<string, string> | ((c: FakeConnector) => Record<string, string>) = {},
  clock?: Clock,
  limits?: SenderLimits,
): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'ksf-world-'));
  const connector = await FakeConnector.start();
  if (typeof env === 'function') env = env(connector);
  await connector.roster(
    Object.values(PEOPLE).map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: u.email, userPrincipalName: u.email })),
  );
  const database = await testDatabase();
  const config = () =>
    loadConfig({
      PORT: '0',
      KSF_STORE: join(dir, 'ksf.json'),
      LOG_LEVEL: 'silent',
      ...(database ? { KSF_DATABASE_URL: database } : {}),
      ...(env as Record<string, string>),
    });
  const w: World = {
    bot: await startBot(config(), { clock, limits }),
    connector,
    dir,
    client: (user, headers) => new TeamsClient(() => w.bot.url, connector, user, headers),
    async restart() {
      await w.bot.stop();
      w.bot = await startBot(config(), { clock, limits });
    },
    async settle() {
      const end = Date.now() + 20_000;
      do {
        await w.bot.deps.outbox.idle();
        if (!(await w.bot.deps.store.outbox.pendingCount())) return;
        await new Promise((r) => setTimeout(r, 50));
      } while (Date.now() < end);
      throw new Error('the outbox did not settle in 20 s');
    },
    async inbox(user) {
      return (await connector.activities()).filter((a) => a.conversationId === `a:personal-${user.aadObjectId}` && !a.fault);
    },
    async close() {
      await connector.release(); // a failed test may leave requests held: the bot's stop waits for them
      await w.bot.stop();
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return w;
}

/**
 * Leaves out the coordinators' weekly digest: the real 15 s sweep of a test world sends it whenever
 * the clock is past Monday morning, so a test of what else someone was told must not count it.
 */
export function withoutDigest(activities: Recorded[]): Recorded[] {
  return activities.filter((a) => !JSON.stringify(a.activity ?? {}).includes('"verb":"digest.off"'));
}
