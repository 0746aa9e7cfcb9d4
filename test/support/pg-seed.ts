import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgBackend } from '../../src/store/pg/backend.js';
import type { Op } from '../../src/store/types.js';
import { seedStore, type SeedOptions } from '../../bench/seed.js';

/**
 * The data `seedStore` writes to a JSON store, written into the PostgreSQL database at `url`
 * instead: the same records, committed through the PostgreSQL backend in batches (the bot builds
 * its index keys from them on first use, as for a migrated store). Returns the seeded people.
 */
export async function seedPostgres(url: string, o: Omit<SeedOptions, 'file'>, batch = 2000): Promise<ReturnType<typeof seedStore>> {
  const dir = mkdtempSync(join(tmpdir(), 'ksf-pgseed-'));
  try {
    const file = join(dir, 'seed.json');
    const seeded = seedStore({ ...o, file });
    await loadIntoPostgres(url, file, batch);
    return seeded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes every record of a JSON store snapshot (as `seedStore` makes it) into the PostgreSQL database at `url`; returns how many. */
export async function loadIntoPostgres(url: string, snapshotFile: string, batch = 2000): Promise<number> {
  const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { collections: Record<string, Record<string, unknown>> };
  const ops: Op[] = [];
  for (const [c, records] of Object.entries(snapshot.collections)) for (const [id, v] of Object.entries(records)) ops.push({ c, id, v });
  const backend = await openPgBackend(url, { poolSize: 2, applicationName: 'ksf-seed' });
  try {
    for (let i = 0; i < ops.length; i += batch) await backend.commit(ops.slice(i, i + batch));
  } finally {
    await backend.close();
  }
  return ops.length;
}
