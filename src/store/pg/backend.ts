import pg from 'pg';
import type { Backend, BackendStats, IndexDef } from '../backend.js';
import { ConflictError } from '../errors.js';
import type { Op } from '../types.js';
import { expectedRev, noteCommitted, noteRead, recordKey } from '../unit.js';
import type { StoreHealth } from '../write-health.js';
import { PgHealth } from './health.js';
import { buildIndex, PgIndexes } from './indexes.js';
import { migrate, type PgMigration } from './schema.js';
import { isConnectionError, isRetryable, redactUrl } from './sql.js';
import { changedSinceRead, plan, writePlanned } from './writes.js';
import { claimIn } from './claim.js';

export interface PgOptions {
  /** Connections per instance (default 10). */
  poolSize?: number;
  /** How often a database that cannot be reached is tried again (default 1 s). */
  probeIntervalMs?: number;
  /** How long to wait for a connection before the database counts as unreachable (default 5 s). */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity (default "ksf-bot"). */
  applicationName?: string;
  migrations?: PgMigration[];
  /** Called when the database stops answering and when it answers again. */
  onHealthChange?: (health: StoreHealth) => void;
}

type Row = { id: string; v: unknown; rev: string };

/**
 * All collections in PostgreSQL, shared by every instance on the same database: records as jsonb
 * with a revision (optimistic concurrency, see Backend), index keys in their own table, leases and
 * rate gates in one statement each. A lost connection refuses reads and writes with a
 * StoreUnavailableError until a probe gets through again.
 */
export class PgBackend implements Backend {
  readonly kind = 'postgres' as const;
  private readonly indexes = new PgIndexes();
  private readonly built = new Map<string, Promise<void>>();
  /** The revision each record object was read or written at: what a claim checks. */
  private readonly revOf = new WeakMap<object, number>();
  private readonly state: PgHealth;
  private reservations = 0;
  /** Idle connections the server ended (restarts, operators, idle timeouts). */
  private lostConnections = 0;
  /** Commits made by this instance (for tests and the bench: how many writes a turn made). */
  private commits = 0;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly schema: { schemaVersion: number; ran: number[] },
    probeIntervalMs: number,
  ) {
    this.state = new PgHealth(() => pool.query('select 1'), probeIntervalMs);
    // a connection lost outside a query is checked with a probe (and never crashes the process); a
    // query that fails on a lost connection fails the store at once (see query and transaction)
    pool.on('error', () => {
      this.lostConnections++;
      this.state.suspect();
    });
    pool.on('connect', (client) => client.on('error', () => this.state.suspect()));
  }

  /** Connects, migrates (once per database, whichever instance comes first) and returns the backend. */
  static async open(url: string, options: PgOptions = {}): Promise<PgBackend> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      application_name: options.applicationName ?? 'ksf-bot',
      keepAlive: true,
    });
    pool.on('error', () => {});
    // every connection, also the one the migration opens before the backend exists (the pool keeps
    // it for later queries): a connection that breaks while in use emits 'error' on its client, and
    // a client without a listener ends the process (seen: the server restarted mid-broadcast)
    pool.on('connect', (client) => client.on('error', () => {}));
    try {
      const schema = await migrate(pool, options.migrations);
      const backend = new PgBackend(pool, url, schema, options.probeIntervalMs ?? 1000);
      if (options.onHealthChange) backend.onHealthChange(options.onHealthChange);
      return backend;
    } catch (err) {
      await pool.end().catch(() => {});
      const what = isConnectionError(err) ? 'cannot be reached' : 'cannot be prepared';
      throw new Error(
        `The PostgreSQL database ${redactUrl(url)} ${what}: ${(err as Error).message}. The bot will not start; check KSF_DATABASE_URL and that the server runs.`,
        { cause: err },
      );
    }
  }

  defineIndex<T>(def: IndexDef<T>): void {
    this.indexes.define(def);
  }

  async get<T>(c: string, id: string): Promise<T | undefined> {
    const { rows } = await this.query<Row>('select id, v, rev from ksf_records where c = $1 and id = $2', [c, id]);
    return this.seen<T>(c, id, rows[0]);
  }

  async getMany<T>(c: string, ids: readonly string[]): Promise<(T | undefined)[]> {
    if (!ids.length) return [];
    const { rows } = await this.query<Row>('select id, v, rev from ksf_records where c = $1 and id = any($2::text[])', [c, ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => this.seen<T>(c, id, byId.get(id)));
  }

  async values<T>(c: string): Promise<readonly T[]> {
    const { rows } = await this.query<Row>('select id, v, rev from ksf_records where c = $1 order by seq', [c]);
    return rows.map((r) => this.seen<T>(c, r.id, r)!);
  }

  async mentioning(needles: readonly string[]): Promise<{ c: string; id: string; v: unknown }[]> {
    if (!needles.length) return [];
    // as the JSON store's search: the text itself, or as it stands escaped inside JSON
    const forms = [...new Set(needles.flatMap((n) => [n, JSON.stringify(n).slice(1, -1)]))];
    const patterns = forms.map((n) => `%${n.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    const { rows } = await this.query<Row & { c: string }>(
      'select c, id, v, rev from ksf_records where id like any($1::text[]) or v::text like any($1::text[]) order by c, seq',
      [patterns],
    );
    return rows.map((r) => ({ c: r.c, id: r.id, v: this.seen(r.c, r.id, r) }));
  }

  async count(c: string): Promise<number> {
    const { rows } = await this.query<{ n: number }>('select count(*)::int as n from ksf_records where c = $1', [c]);
    return rows[0].n;
  }

  async byKey<T>(def: IndexDef<T>, keys: string | readonly string[]): Promise<T[]> {
    const list = typeof keys === 'string' ? [keys] : [...keys];
    if (!list.length) return [];
    await this.ensureBuilt(def);
    const { rows } = await this.query<Row>(
      `select r.id, r.v, r.rev from ksf_keys k join ksf_records r on r.c = k.c and r.id = k.id
       where k.c = $1 and k.ix = $2 and k.key = any($3::text[]) order by array_position($3::text[], k.key), k.seq`,
      [def.collection, def.name, list],
    );
    return rows.map((r) => this.seen<T>(def.collection, r.id, r)!);
  }

  async countByKey<T>(def: IndexDef<T>, key: string): Promise<number> {
    await this.ensureBuilt(def);
    const { rows } = await this.query<{ n: number }>('select count(*)::int as n from ksf_keys where c = $1 and ix = $2 and key = $3', [
      def.collection,
      def.name,
      key,
    ]);
    return rows[0].n;
  }

  async commit(ops: Op[]): Promise<void> {
    if (!ops.length) return this.refuseIfDown();
    const planned = plan(ops, expectedRev);
    await Promise.all([...new Set(planned.map((p) => p.c))].flatMap((c) => this.indexes.of(c).map((d) => this.ensureBuilt(d))));
    const keys = planned.map((p) => recordKey(p.c, p.id));
    const written = await this.transaction(keys, async (client) => {
      const changed = await changedSinceRead(client, planned);
      if (changed.length) throw new ConflictError(changed);
      const result = await writePlanned(client, planned, this.indexes);
      if ('conflicts' in result) throw new ConflictError(result.conflicts);
      return result.written;
    });
    const revs = new Map(written.map((w) => [recordKey(w.c, w.id), w.rev]));
    for (const p of planned) if (p.v !== null && typeof p.v === 'object') this.revOf.set(p.v, revs.get(recordKey(p.c, p.id)) ?? 0);
    this.commits++;
    noteCommitted(written);
  }

  async claim<T extends object>(c: string, candidates: readonly T[], patch: (record: T) => T): Promise<T[]> {
    if (!candidates.length) return [];
    await Promise.all(this.indexes.of(c).map((d) => this.ensureBuilt(d)));
    const asRead = candidates.flatMap((r) => {
      const id = (r as { id: string }).id;
      const rev = this.revOf.get(r) ?? expectedRev(c, id);
      return rev === undefined || rev === 0 ? [] : [{ record: r, id, rev }];
    });
    const claimed = await this.transaction(
      asRead.map((a) => recordKey(c, a.id)),
      (client) => claimIn(client, c, asRead, patch, this.indexes),
    );
    for (const x of claimed) this.revOf.set(x.record, x.rev);
    noteCommitted(claimed.map((x) => ({ c, id: x.id, rev: x.rev })));
    return claimed.map((x) => x.record);
  }

  async lease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.query(
      `insert into ksf_leases (name, owner, until) values ($1, $2, now() + make_interval(secs => $3::float8 / 1000))
       on conflict (name) do update set owner = excluded.owner, until = excluded.until
       where ksf_leases.until < now() or ksf_leases.owner = excluded.owner returning owner`,
      [name, owner, ttlMs],
    );
    return rows.length === 1;
  }

  async nextInSeries(c: string, id: string): Promise<number> {
    const { rows } = await this.query<{ n: number }>(
      `insert into ksf_records as r (c, id, v, rev) values ($1, $2, jsonb_build_object('id', $2::text, 'value', 1), 1)
       on conflict (c, id) do update set v = r.v || jsonb_build_object('value', coalesce((r.v->>'value')::int, 0) + 1), rev = r.rev + 1
       returning (v->>'value')::int as n`,
      [c, id],
    );
    return rows[0].n;
  }

  async reserveSlot(key: string, perSecond: number): Promise<number> {
    return (await this.reserveSlotAt(key, perSecond)).waitMs;
  }

  /** The slot reserved, as a time on the database's clock (epoch ms), and how many ms from now it is. */
  async reserveSlotAt(key: string, perSecond: number): Promise<{ at: number; waitMs: number }> {
    if (++this.reservations % 1000 === 0) void this.query("delete from ksf_rate where tat < now() - interval '1 minute'", []).catch(() => {});
    const { rows } = await this.query<{ at: number; now: number }>(
      `insert into ksf_rate as g (key, tat) values ($1, clock_timestamp() + make_interval(secs => 1.0 / $2::float8))
       on conflict (key) do update set tat = greatest(g.tat, clock_timestamp()) + make_interval(secs => 1.0 / $2::float8)
       returning (extract(epoch from g.tat) * 1000 - 1000.0 / $2::float8)::float8 as at, (extract(epoch from clock_timestamp()) * 1000)::float8 as now`,
      [key, perSecond],
    );
    return { at: rows[0].at, waitMs: Math.max(0, rows[0].at - rows[0].now) };
  }

  /**
   * A shared limit of `max` per `windowMs` per key (the generic cell rate algorithm with a burst of
   * `max`), counted at `now` (the bot's clock): true, and counted, when one more is allowed.
   */
  async admit(key: string, max: number, windowMs: number, now: Date): Promise<boolean> {
    const interval = windowMs / max;
    const { rows } = await this.query(
      `insert into ksf_rate as g (key, tat) values ($1, $2::timestamptz + make_interval(secs => $3::float8 / 1000))
       on conflict (key) do update set tat = greatest(g.tat, $2::timestamptz) + make_interval(secs => $3::float8 / 1000)
       where greatest(g.tat, $2::timestamptz) - $2::timestamptz <= make_interval(secs => $4::float8 / 1000)
       returning 1 as ok`,
      [key, now.toISOString(), interval, windowMs - interval],
    );
    return rows.length === 1;
  }

  health(): StoreHealth {
    return this.state.current;
  }

  onHealthChange(listener: (health: StoreHealth) => void): void {
    this.state.onChange(listener);
  }

  async describe(): Promise<BackendStats> {
    const { rows } = await this.query<{ c: string; n: number; bytes: number }>(
      'select c, count(*)::int as n, coalesce(sum(pg_column_size(v)), 0)::bigint as bytes from ksf_records group by c order by c',
      [],
    );
    // the migration version the database is at now (another instance, newer, may have moved it on)
    const { rows: version } = await this.query<{ v: number | null }>('select max(version)::int as v from ksf_schema', []);
    return {
      kind: 'postgres',
      schemaVersion: this.schema.schemaVersion,
      counts: Object.fromEntries(rows.map((r) => [r.c, r.n])),
      commits: this.commits,
      /** Bytes of the stored records (compressed as PostgreSQL keeps them). */
      dataBytes: rows.reduce((n, r) => n + Number(r.bytes), 0),
      migrationsRun: this.schema.ran,
      lostConnections: this.lostConnections,
      pool: this.poolStats(),
      database: { ...this.whereabouts(), reachable: true, schemaVersion: version[0].v ?? 0 },
    };
  }

  /** What /healthz says of the database without asking it (the address, this instance's pool): also while it cannot be reached. */
  whereabouts(): { url: string; lostConnections: number; pool: { total: number; idle: number; waiting: number } } {
    return { url: redactUrl(this.url), lostConnections: this.lostConnections, pool: this.poolStats() };
  }

  private poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  /** Commits are durable when they resolve. */
  async flushed(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.state.stop();
    await this.pool.end();
  }

  /** The record of a read row (or its absence), noted in the unit of work. */
  private seen<T>(c: string, id: string, row: Row | undefined): T | undefined {
    const rev = row ? Number(row.rev) : 0;
    noteRead(c, id, rev);
    if (row && row.v !== null && typeof row.v === 'object') this.revOf.set(row.v, rev);
    return row?.v as T | undefined;
  }

  private ensureBuilt<T>(def: IndexDef<T>): Promise<void> {
    this.indexes.define(def);
    const key = `${def.collection}\u0000${def.name}`;
    let p = this.built.get(key);
    if (!p) {
      p = this.transaction([], (client) => buildIndex(client, def as unknown as IndexDef<never>));
      this.built.set(key, p);
      p.catch(() => this.built.delete(key));
    }
    return p;
  }

  private refuseIfDown(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const refusal = this.state.refusal;
    return refusal ? Promise.reject(refusal) : Promise.resolve();
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    await this.refuseIfDown();
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw isConnectionError(err) ? this.state.fail(err) : err;
    }
  }

  /** Runs `fn` in one transaction; a deadlock or serialization failure is a conflict on `keys` (run again). */
  private async transaction<R>(keys: string[], fn: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    await this.refuseIfDown();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw isConnectionError(err) ? this.state.fail(err) : err;
    }
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (err) {
      if (isConnectionError(err)) {
        broken = err as Error;
        throw this.state.fail(err);
      }
      await client.query('rollback').catch((e: Error) => (broken = e));
      if (isRetryable(err)) throw new ConflictError(keys);
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Opens the PostgreSQL backend at `url` (`postgres://user:password@host:port/database`). */
export function openPgBackend(url: string, options: PgOptions = {}): Promise<PgBackend> {
  return PgBackend.open(url, options);
}
