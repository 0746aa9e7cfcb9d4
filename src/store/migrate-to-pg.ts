import { isDeepStrictEqual } from 'node:util';
import { redactDatabaseUrl } from '../domain/database-url.js';
import { ConflictError } from './errors.js';
import { openPgBackend, type PgBackend } from './pg/backend.js';
import { readJsonStore } from './read-json-store.js';
import { Store } from './store.js';
import type { Op } from './types.js';
import { inUnit } from './unit.js';

export interface MigrateOptions {
  /** The JSON store's snapshot file (its journal `<from>.journal` beside it). */
  from: string;
  /** The PostgreSQL URL (holds the password: only ever logged redacted). */
  to: string;
  /** Write records that differ in PostgreSQL from the JSON store with the JSON version (default: stop before writing). */
  overwrite?: boolean;
  /** Records per commit (default 1,000). */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface CollectionReport {
  collection: string;
  /** Records in the JSON store. */
  json: number;
  /** Not yet in PostgreSQL. */
  added: number;
  /** In PostgreSQL as in the JSON store (counters: at least as high). */
  unchanged: number;
  /** In PostgreSQL with another value. */
  differing: number;
  /** Counters lower in PostgreSQL than in the JSON store, raised to the JSON value. */
  raised: number;
  /** Records this run wrote. */
  written: number;
  /** Records in PostgreSQL at the end. */
  pg: number;
  /** Whether the counts agree. */
  ok: boolean;
}

/** A record whose value in PostgreSQL is not the JSON store's. */
export interface Difference {
  collection: string;
  id: string;
  /** Top-level fields that differ. */
  fields: string[];
}

export interface MigrationReport {
  from: string;
  /** The URL without its password. */
  to: string;
  foundVersion: number;
  schemaVersion: number;
  collections: CollectionReport[];
  differences: Difference[];
  /** True when records differed and `overwrite` was not given: nothing was written. */
  stopped: boolean;
  /** Every collection's counts agree and nothing stopped the run. */
  ok: boolean;
}

const COUNTERS = 'counters';

interface Planned {
  report: CollectionReport;
  ops: Op[];
  differing: Op[];
}

/**
 * Copies every record of the JSON store at `from` into the PostgreSQL database at `to`, ids
 * unchanged, idempotently (upsert by collection and id), and verifies the counts. The JSON store
 * is read from a temp copy and left as it was. Records that differ in the database stop the run
 * before anything is written, unless `overwrite`. Counters end at the higher of the two values.
 * Every record is written through `PgBackend.commit` after `new Store(backend)` declared the bot's
 * indexes, so their keys are written in the same transactions. The whole run is one unit of work:
 * a record that changes in the database between the comparison and the write (a bot running on
 * it) fails the run with a ConflictError instead of being overwritten.
 */
export async function migrateJsonToPg(options: MigrateOptions): Promise<MigrationReport> {
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 1000;
  const to = redactDatabaseUrl(options.to);
  const source = await readJsonStore(options.from);
  const migrated = source.foundVersion === source.schemaVersion ? '' : ` (migrated from schemaVersion ${source.foundVersion} in a temp copy)`;
  log(`Read ${options.from}: schemaVersion ${source.schemaVersion}${migrated}, ${source.collections.size} collections.`);
  const backend = await openPgBackend(options.to, { applicationName: 'ksf-migrate', poolSize: 2 });
  log(`Connected to ${to}.`);
  try {
    new Store(backend); // every repository declares its indexes, so commits write their keys
    return await inUnit(async () => {
      const planned: Planned[] = [];
      const differences: Difference[] = [];
      for (const [c, records] of source.collections) planned.push(await plan(backend, c, records, batchSize, differences, log));
      const stopped = differences.length > 0 && !options.overwrite;
      if (!stopped) {
        for (const p of planned) {
          const ops = options.overwrite ? [...p.ops, ...p.differing] : p.ops;
          for (let i = 0; i < ops.length; i += batchSize) await backend.commit(ops.slice(i, i + batchSize));
          p.report.written = ops.length;
          if (ops.length) log(`${p.report.collection}: wrote ${ops.length}.`);
        }
      }
      const collections = await verify(backend, planned);
      return {
        from: options.from,
        to,
        foundVersion: source.foundVersion,
        schemaVersion: source.schemaVersion,
        collections,
        differences,
        stopped,
        ok: !stopped && collections.every((r) => r.ok),
      };
    });
  } catch (err) {
    if (err instanceof ConflictError) {
      throw new Error(
        `Records changed in ${to} while migrating (${err.message}): is a bot running on it? Stop every bot on this database and run again; what was written so far stays and the next run carries on.`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    await backend.close();
  }
}

/** Compares a collection's JSON records with the database, batch by batch: what to write and what differs. */
async function plan(
  backend: PgBackend,
  c: string,
  records: readonly [string, unknown][],
  batchSize: number,
  differences: Difference[],
  log: (line: string) => void,
): Promise<Planned> {
  const report: CollectionReport = { collection: c, json: records.length, added: 0, unchanged: 0, differing: 0, raised: 0, written: 0, pg: 0, ok: false };
  const ops: Op[] = [];
  const differing: Op[] = [];
  for (let i = 0; i < records.length; i += batchSize) {
    const batch = records.slice(i, i + batchSize);
    const inDb = await backend.getMany<unknown>(
      c,
      batch.map(([id]) => id),
    );
    batch.forEach(([id, record], k) => {
      const v = JSON.parse(JSON.stringify(record)) as unknown;
      const now = inDb[k];
      if (now === undefined) {
        report.added++;
        ops.push({ c, id, v });
      } else if (isDeepStrictEqual(v, now)) {
        report.unchanged++;
      } else if (c === COUNTERS && isCounter(v) && isCounter(now)) {
        // a number series must never go back: the higher value wins, without --overwrite
        if (now.value >= v.value) {
          report.unchanged++;
          log(`${c}/${id}: PostgreSQL has ${now.value}, the JSON store ${v.value}: kept ${now.value}.`);
        } else {
          report.raised++;
          ops.push({ c, id, v: { ...now, value: v.value } });
          log(`${c}/${id}: raised from ${now.value} to ${v.value}.`);
        }
      } else {
        report.differing++;
        differing.push({ c, id, v });
        differences.push({ collection: c, id, fields: changedFields(v, now) });
      }
    });
  }
  return { report, ops, differing };
}

async function verify(backend: PgBackend, planned: readonly Planned[]): Promise<CollectionReport[]> {
  const { counts } = await backend.describe();
  const reports = planned.map((p) => p.report).filter((r) => r.json > 0 || counts[r.collection]);
  for (const c of Object.keys(counts)) {
    if (!reports.some((r) => r.collection === c))
      reports.push({ collection: c, json: 0, added: 0, unchanged: 0, differing: 0, raised: 0, written: 0, pg: 0, ok: false });
  }
  for (const r of reports) {
    r.pg = counts[r.collection] ?? 0;
    r.ok = r.pg === r.json;
  }
  return reports;
}

function isCounter(v: unknown): v is { value: number } {
  return typeof (v as { value?: unknown } | null)?.value === 'number';
}

function changedFields(a: unknown, b: unknown): string[] {
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return ['(the whole record)'];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort();
}
