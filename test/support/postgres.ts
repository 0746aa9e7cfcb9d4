import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL server for tests: a throwaway one this process started, or the one KSF_TEST_DATABASE_URL names. */
export interface TestPostgres {
  /** The server's maintenance database (trust authentication). */
  url: string;
  /** Creates a fresh database (a random name by default) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops a server this process started (and removes its files); on a shared server, drops the databases created here. */
  stop(): Promise<void>;
  /** Only for a server this process started: kills it at once (`pg_ctl stop -m immediate`), as a crash would. */
  crash?(): Promise<void>;
  /** Only for a server this process started: starts it again on the same port and data. */
  restart?(): Promise<void>;
}

export type PostgresOrReason = { server: TestPostgres; reason?: undefined } | { server: null; reason: string };

/** Where Debian's PostgreSQL binaries live (the newest version), or null. */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function query(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end().catch(() => {});
  }
}

function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function around(url: string, extra: Partial<TestPostgres> & { stop(): Promise<void> }): TestPostgres {
  return {
    url,
    async createDatabase(name = `pgtest_${Math.random().toString(36).slice(2, 10)}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await query(url, `create database ${name}`);
      return databaseUrl(url, name);
    },
    ...extra,
  };
}

/** A shared server: `stop` drops the databases this process created there (after their connections closed). */
function shared(url: string): TestPostgres {
  const created: string[] = [];
  const server = around(url, {
    async stop() {
      for (const name of created.splice(0)) await query(url, `drop database if exists ${name} with (force)`).catch(() => {});
    },
  });
  const create = server.createDatabase.bind(server);
  server.createDatabase = async (name) => {
    const made = await create(name);
    created.push(new URL(made).pathname.slice(1));
    return made;
  };
  return server;
}

/**
 * Starts a throwaway server in a temp folder (initdb, trust authentication, user `ksf`, a free port
 * on 127.0.0.1, fsync off). As root it runs the binaries as the `postgres` user, since initdb
 * refuses to run as root. Resolves with the reason instead when there are no binaries or they fail.
 */
export async function startOwnPostgres(): Promise<PostgresOrReason> {
  const bin = binDir();
  if (!bin)
    return {
      server: null,
      reason: 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql), and KSF_TEST_DATABASE_URL is not set',
    };
  const dir = mkdtempSync(join(tmpdir(), 'ksf-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    await run(...as('initdb', ['-D', data, '-A', 'trust', '-U', 'ksf', '--no-sync', '-E', 'UTF8', '--locale=C']), { timeout: 60_000 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { server: null, reason: `initdb failed: ${(err as Error).message.split('\n')[0]}` };
  }
  let port = 0;
  const start = async () => {
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB`;
    await run(...as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']), { timeout: 90_000 });
  };
  const pgStop = (mode: 'fast' | 'immediate') => run(...as('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']), { timeout: 60_000 });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && !port; attempt++) {
    port = await freePort();
    try {
      await start();
    } catch (err) {
      lastError = err;
      port = 0;
    }
  }
  if (!port) {
    rmSync(dir, { recursive: true, force: true });
    return { server: null, reason: `pg_ctl start failed: ${(lastError as Error).message.split('\n')[0]}` };
  }
  // a test run that dies must not leave a server behind
  const onExit = () => {
    try {
      execFileSync(...as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const url = `postgres://ksf@127.0.0.1:${port}/postgres`;
  return {
    server: around(url, {
      async stop() {
        process.removeListener('exit', onExit);
        await pgStop('fast').catch(() => pgStop('immediate').catch(() => {}));
        rmSync(dir, { recursive: true, force: true });
      },
      async crash() {
        await pgStop('immediate');
      },
      restart: start,
    }),
  };
}

/** The server KSF_TEST_DATABASE_URL names (shared: left running, only the databases made here are dropped), else a throwaway one (see startOwnPostgres). */
export async function testPostgres(): Promise<PostgresOrReason> {
  const url = process.env.KSF_TEST_DATABASE_URL;
  if (url) {
    try {
      await query(url, 'select 1');
      return { server: shared(url) };
    } catch (err) {
      return { server: null, reason: `KSF_TEST_DATABASE_URL (${url}) cannot be reached: ${(err as Error).message}` };
    }
  }
  if (process.env.KSF_TEST_DATABASE_SKIP) return { server: null, reason: process.env.KSF_TEST_DATABASE_SKIP };
  return startOwnPostgres();
}

/**
 * For a vitest globalSetup: one server for the whole run, its URL in KSF_TEST_DATABASE_URL (or the
 * reason there is none in KSF_TEST_DATABASE_SKIP) for the test workers. Resolves with the teardown.
 */
export async function startSharedPostgres(): Promise<() => Promise<void>> {
  if (process.env.KSF_TEST_DATABASE_URL) return async () => {};
  const { server, reason } = await startOwnPostgres();
  if (!server) {
    process.env.KSF_TEST_DATABASE_SKIP = reason;
    return async () => {};
  }
  process.env.KSF_TEST_DATABASE_URL = server.url;
  return async () => {
    delete process.env.KSF_TEST_DATABASE_URL;
    await server.stop();
  };
}
