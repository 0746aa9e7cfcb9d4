import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from './engine.js';
import { StoreLockedError } from './errors.js';
import { acquireLock, alive } from './lock.js';

/** Every record of a JSON store, per collection in the store's order, at the current schemaVersion. */
export interface JsonStoreContents {
  /** The schemaVersion of the file as found. */
  foundVersion: number;
  /** The schemaVersion of the records (the bot's current one: migrated in a temp copy when older). */
  schemaVersion: number;
  collections: Map<string, [id: string, record: unknown][]>;
}

/**
 * Reads the JSON store at `file` without changing it: under its lock (so no bot starts or writes
 * while it is copied) the snapshot and journal are copied to a temp folder, and the copy is opened
 * with `Engine.open`, which migrates it to the current schemaVersion and replays its journal as the
 * bot would. A store a running bot holds is refused.
 */
export async function readJsonStore(file: string): Promise<JsonStoreContents> {
  if (!existsSync(file)) throw new Error(`There is no JSON store at ${file}: give its path with --from (or set KSF_STORE).`);
  const dir = mkdtempSync(join(tmpdir(), 'ksf-migrate-'));
  try {
    const copy = join(dir, 'ksf.json');
    const release = holdLock(file);
    try {
      copyFileSync(file, copy);
      if (existsSync(`${file}.journal`)) copyFileSync(`${file}.journal`, `${copy}.journal`);
    } finally {
      release();
    }
    const foundVersion = schemaVersionOf(copy);
    const engine = await Engine.open(copy, { compactAtBytes: Infinity });
    try {
      const { schemaVersion, counts } = engine.stats();
      const collections = new Map<string, [string, unknown][]>();
      for (const c of Object.keys(counts)) {
        const records: [string, unknown][] = [];
        engine.watch(c, (id, record) => {
          if (record !== undefined) records.push([id, record]);
        });
        collections.set(c, records);
      }
      return { foundVersion, schemaVersion, collections };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function schemaVersionOf(file: string): number {
  try {
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion?: unknown }).schemaVersion;
    return typeof version === 'number' ? version : 0;
  } catch {
    return 0; // Engine.open reports what is wrong with the file
  }
}

/** The store's lock for the time of the copy; in a folder this process may not write, only the check that no bot holds it. */
function holdLock(file: string): () => void {
  try {
    return acquireLock(file);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      throw new Error(`${err.message.replace(/ Only one bot.*$/, '')} Stop the bot before migrating, so that nothing it writes afterwards is left behind.`, {
        cause: err,
      });
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw err;
    const holder = lockHolder(`${file}.lock`);
    if (holder?.pid && (holder.host === undefined || holder.host === hostname()) && alive(holder.pid)) {
      throw new Error(`The store ${file} is in use by process ${holder.pid}. Stop the bot before migrating.`, { cause: err });
    }
    return () => {};
  }
}

function lockHolder(lockFile: string): { pid?: number; host?: string } | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: number; host?: string };
  } catch {
    return undefined;
  }
}
