import { Engine } from '../../src/store/engine.js';
import type { Backend } from '../../src/store/backend.js';
import { openPgBackend, type PgBackend, type PgOptions } from '../../src/store/pg/backend.js';
import { testPostgres, type TestPostgres } from '../support/postgres.js';

/** The test server of this file (or why there is none), started once when the file loads. */
export const { server, reason } = await testPostgres();
export const skipped = server ? '' : ` (skipped: ${reason})`;

const opened: Backend[] = [];

/** A PgBackend on a fresh database of the test server, closed by `closeAll`. */
export async function freshPg(options: PgOptions = {}, url?: string): Promise<PgBackend> {
  const backend = await openPgBackend(url ?? (await (server as TestPostgres).createDatabase()), { poolSize: 5, ...options });
  opened.push(backend);
  return backend;
}

/** Another instance on the same database as `first`. */
export async function sibling(url: string, options: PgOptions = {}): Promise<PgBackend> {
  return freshPg(options, url);
}

export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((b) => b.close()));
}

/** The backends whose shared semantics the tests compare: the JSON engine always, PostgreSQL when a server is there. */
export const kinds: { name: string; open: () => Promise<Backend>; skip: boolean }[] = [
  { name: 'JSON engine', open: async () => Engine.memory(), skip: false },
  { name: `PostgreSQL${skipped}`, open: () => freshPg(), skip: !server },
];
