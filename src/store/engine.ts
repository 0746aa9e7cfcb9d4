import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DurableJSONFile, removeStaleTemps } from './durable-json-file.js';
import { Journal, readJournal } from './journal.js';
import { acquireLock, alive } from './lock.js';
import { isUnwritable, StoreUnwritableError } from './errors.js';
import { migrations as defaultMigrations } from './migrations.js';
import { applyOps, deepFreeze, emptySnapshot, fileExists, migrate, validateSnapshot } from './snapshot-data.js';
import { WriteHealth, type StoreHealth } from './write-health.js';
import type { Migration, Op, Snapshot } from './types.js';
import type { Backend, BackendStats, IndexDef } from './backend.js';
import { IndexBy } from './index-by.js';
import { ConflictError } from './errors.js';
import { expectedRev, noteCommitted, noteRead, recordKey } from './unit.js';
import { RateGates } from './rate-gates.js';

export type { StoreHealth } from './write-health.js';

export interface EngineStats {
  file: string | null;
  schemaVersion: number;
  seq: number;
  journalBytes: number;
  commits: number;
  flushes: number;
  compactions: number;
  /** Commits that reached memory but not the disk, and were undone. */
  rolledBack: number;
  loadMs: number;
  counts: Record<string, number>;
}

export interface OpenOptions {
  /** Compact the journal into the snapshot when it grows past this many bytes. */
  compactAtBytes?: number;
  migrations?: Migration[];
  /** How often a store that cannot write checks whether it can again (default 1 s). */
  recoveryIntervalMs?: number;
  /** Free bytes the disk must have before writes are tried again (default 1 MB). */
  minFreeBytes?: number;
  /** After a compaction failed (a full disk), wait this long before the next try (default 30 s). */
  compactRetryMs?: number;
  /** Called when writing stops working and when it works again. */
  onHealthChange?: (health: StoreHealth) => void;
  /** Called when a compaction fails; the old snapshot and the journal still hold everything. */
  onCompactionFailed?: (err: Error) => void;
  /** Called with the names of temp files of killed earlier processes removed at start. */
  onStaleTemps?: (names: string[]) => void;
}

/** What a commit replaced: how it is undone when it cannot be made durable. */
interface Undo {
  c: string;
  id: string;
  before: unknown;
}

interface Pending {
  seq: number;
  line: string;
  undo: Undo[];
  resolve: () => void;
  reject: (e: Error) => void;
}

type Settings = Required<Pick<OpenOptions, 'compactAtBytes' | 'compactRetryMs'>> & Pick<OpenOptions, 'onCompactionFailed'>;

/**
 * The storage engine: all collections in memory, every change appended to a JSON-lines journal
 * (group commit, on disk before a commit resolves) and compacted now and then into the lowdb
 * snapshot. A change that cannot be written is undone in memory and its commit rejected with a
 * StoreUnavailableError; further changes are refused until the disk takes writes again.
 * Without a file it is the in-memory twin used by unit tests.
 */
export class Engine implements Backend {
  readonly kind = 'json' as const;
  /** Each record's revision (writes since the process started; 0: never written): what units of work check. */
  private readonly revs = new Map<string, number>();
  private readonly indexes = new Map<IndexDef<never>, IndexBy<never>>();
  private readonly gates = new RateGates();
  private data: Snapshot;
  private queue: Pending[] = [];
  /** Commits applied in memory but not yet on disk, oldest first (the batch being written, then the queue). */
  private unsettled: Pending[] = [];
  /** How many unsettled commits write each record (`c/id`). */
  private readonly unsettledKeys = new Map<string, number>();
  private running: Promise<void> | null = null;
  private closed = false;
  /** One journal file operation at a time (appends, and the swap at the end of a compaction). */
  private io: Promise<void> = Promise.resolve();
  private compaction: Promise<void> | null = null;
  private compactNotBefore = 0;
  /** While a compaction runs: the journal lines newer than its snapshot. */
  private tail: { after: number; lines: string[] } | null = null;
  private statsCounters = { commits: 0, flushes: 0, compactions: 0, rolledBack: 0, loadMs: 0 };
  private readonly valueCache = new Map<string, unknown[]>();
  private readonly watchers = new Map<string, ((id: string, value: unknown, before: unknown) => void)[]>();
  private readonly writes: WriteHealth | null;

  private constructor(
    private readonly file: string | null,
    private readonly db: Low<Snapshot> | null,
    private readonly journal: Journal | null,
    private readonly release: () => void,
    private readonly opts: Settings,
    data: Snapshot,
    options: OpenOptions = {},
  ) {
    this.data = data;
    this.writes =
      file && journal
        ? new WriteHealth(file, () => this.exclusive(() => journal.repair()), {
            intervalMs: options.recoveryIntervalMs ?? 1000,
            minFreeBytes: options.minFreeBytes ?? 1024 * 1024,
          })
        : null;
    if (options.onHealthChange) this.writes?.onChange(options.onHealthChange);
  }

  /** An engine that keeps nothing on disk. */
  static memory(): Engine {
    return new Engine(null, null, null, () => {}, { compactAtBytes: Infinity, compactRetryMs: 0 }, emptySnapshot());
  }

  /**
   * Opens (or creates) the store at `file`, taking its lock, removing temp files of killed earlier
   * owners, migrating and replaying the journal. A folder that cannot be written is a clear refusal
   * (StoreUnwritableError), like a corrupt file.
   */
  static async open(file: string, options: OpenOptions = {}): Promise<Engine> {
    const started = performance.now();
    let release = () => {};
    try {
      mkdirSync(dirname(file), { recursive: true });
      release = acquireLock(file);
      const stale = removeStaleTemps(file, alive);
      if (stale.length) options.onStaleTemps?.(stale);
      const db = new Low<Snapshot>(new DurableJSONFile<Snapshot>(file), emptySnapshot());
      await db.read();
      let data = validateSnapshot(file, db.data);
      const before = data.schemaVersion;
      data = migrate(data, options.migrations ?? defaultMigrations);
      const journalFile = `${file}.journal`;
      for (const entry of await readJournal(journalFile)) {
        if (entry.s <= data.seq) continue;
        applyOps(data, entry.ops);
        data.seq = entry.s;
      }
      db.data = data;
      const journal = await Journal.open(journalFile);
      const engine = new Engine(
        file,
        db,
        journal,
        release,
        {
          compactAtBytes: options.compactAtBytes ?? 8 * 1024 * 1024,
          compactRetryMs: options.compactRetryMs ?? 30_000,
          onCompactionFailed: options.onCompactionFailed,
        },
        data,
        options,
      );
      if (data.schemaVersion !== before || !fileExists(file)) await engine.compact();
      engine.statsCounters.loadMs = performance.now() - started;
      return engine;
    } catch (err) {
      release();
      throw isUnwritable(err) ? new StoreUnwritableError(file, err) : err;
    }
  }

  /** The record now, without taking part in a unit of work (indexes, internal use). */
  peek<T>(c: string, id: string): T | undefined {
    return this.data.collections[c]?.[id] as T | undefined;
  }

  async get<T>(c: string, id: string): Promise<T | undefined> {
    noteRead(c, id, this.revs.get(recordKey(c, id)) ?? 0);
    return this.peek<T>(c, id);
  }

  async getMany<T>(c: string, ids: readonly string[]): Promise<(T | undefined)[]> {
    return ids.map((id) => {
      noteRead(c, id, this.revs.get(recordKey(c, id)) ?? 0);
      return this.peek<T>(c, id);
    });
  }

  /** All records of a collection, now. The array is cached until the collection changes: do not mutate it. */
  peekValues<T>(c: string): readonly T[] {
    let v = this.valueCache.get(c);
    if (!v) this.valueCache.set(c, (v = Object.values(this.data.collections[c] ?? {})));
    return v as T[];
  }

  async values<T>(c: string): Promise<readonly T[]> {
    return this.peekValues<T>(c);
  }

  async mentioning(needles: readonly string[]): Promise<{ c: string; id: string; v: unknown }[]> {
    const forms = [...new Set(needles.flatMap((n) => [n, JSON.stringify(n).slice(1, -1)]))];
    const out: { c: string; id: string; v: unknown }[] = [];
    for (const [c, records] of Object.entries(this.data.collections)) {
      for (const [id, v] of Object.entries(records)) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        if (!forms.some((n) => id.includes(n) || text.includes(n))) continue;
        noteRead(c, id, this.revs.get(recordKey(c, id)) ?? 0);
        out.push({ c, id, v });
      }
    }
    return out;
  }

  defineIndex<T>(def: IndexDef<T>): void {
    if (!this.indexes.has(def as IndexDef<never>))
      this.indexes.set(def as IndexDef<never>, new IndexBy<T>(this, def.collection, def.key) as unknown as IndexBy<never>);
  }

  private index<T>(def: IndexDef<T>): IndexBy<T> {
    this.defineIndex(def);
    return this.indexes.get(def as IndexDef<never>) as unknown as IndexBy<T>;
  }

  async byKey<T>(def: IndexDef<T>, keys: string | readonly string[]): Promise<T[]> {
    const index = this.index(def);
    const found = typeof keys === 'string' ? index.get(keys) : keys.flatMap((k) => index.get(k));
    for (const r of found) {
      const id = (r as { id: string }).id;
      noteRead(def.collection, id, this.revs.get(recordKey(def.collection, id)) ?? 0);
    }
    return found;
  }

  async countByKey<T>(def: IndexDef<T>, key: string): Promise<number> {
    return this.index(def).count(key);
  }

  async claim<T extends object>(c: string, candidates: readonly T[], patch: (record: T) => T): Promise<T[]> {
    // one process owns the JSON store: a candidate is claimable while it is the record as read
    const claimed = candidates.filter((r) => this.peek(c, (r as { id: string }).id) === r);
    if (!claimed.length) return [];
    const patched = claimed.map(patch);
    await this.commit(patched.map((v) => ({ c, id: (v as unknown as { id: string }).id, v })));
    return patched.map((v) => this.peek<T>(c, (v as unknown as { id: string }).id)!);
  }

  /** One process owns the JSON store (its lock file): it holds every lease. */
  async lease(): Promise<boolean> {
    return true;
  }

  async reserveSlot(key: string, perSecond: number): Promise<number> {
    return this.gates.reserve(key, perSecond, Date.now());
  }

  async describe(): Promise<BackendStats> {
    const stats = this.stats();
    return { kind: 'json', ...stats };
  }

  /**
   * Calls `fn` with every record of collection `c` now, and again for each record a commit writes
   * (`undefined` when it is deleted), with the record it replaces: how repositories keep their
   * in-memory indexes. A commit that is undone (it could not be written) is reported the same way.
   */
  watch<T>(c: string, fn: (id: string, value: T | undefined, before: T | undefined) => void): void {
    const records = this.data.collections[c] ?? {};
    for (const id in records) fn(id, records[id] as T, undefined);
    const list = this.watchers.get(c) ?? [];
    list.push(fn as (id: string, value: unknown, before: unknown) => void);
    this.watchers.set(c, list);
  }

  /** How many records a collection has now. */
  size(c: string): number {
    return Object.keys(this.data.collections[c] ?? {}).length;
  }

  async count(c: string): Promise<number> {
    return this.size(c);
  }

  /** True while a commit that writes this record is not yet on disk (it may still be undone). */
  isUnsettled(c: string, id: string): boolean {
    return this.unsettledKeys.has(`${c}/${id}`);
  }

  /** Whether the store takes writes now (and why not). */
  health(): StoreHealth {
    return this.writes?.current ?? { writable: true };
  }

  /** Called when writing stops working and when it works again. */
  onHealthChange(listener: (health: StoreHealth) => void): void {
    this.writes?.onChange(listener);
  }

  /**
   * Applies `ops` at once (readers see them immediately) and resolves when they are durable.
   * All ops of one commit land together or not at all. When they cannot be written the promise
   * rejects with a StoreUnavailableError and the change is undone in memory (with every commit
   * made after it, which may build on it); while the disk takes no writes, commits are refused.
   */
  commit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const refusal = this.writes?.refusal;
    if (refusal) return Promise.reject(refusal);
    if (ops.length === 0) return Promise.resolve();
    const conflicts = ops.filter((op) => {
      const expected = expectedRev(op.c, op.id);
      return expected !== undefined && expected !== (this.revs.get(recordKey(op.c, op.id)) ?? 0);
    });
    if (conflicts.length) return Promise.reject(new ConflictError(conflicts.map((op) => recordKey(op.c, op.id))));
    const clones = ops.map((op) => ({ c: op.c, id: op.id, v: op.v === undefined ? undefined : deepFreeze(structuredClone(op.v)) }));
    const undo = clones.map((op) => ({ c: op.c, id: op.id, before: this.data.collections[op.c]?.[op.id] }));
    applyOps(this.data, clones);
    clones.forEach((op, i) => this.changed(op.c, op.id, op.v, undo[i].before));
    this.data.seq += 1;
    this.statsCounters.commits++;
    noteCommitted(clones.map((op) => ({ c: op.c, id: op.id, rev: this.revs.get(recordKey(op.c, op.id)) ?? 0 })));
    if (!this.journal) return Promise.resolve();
    const line = `${JSON.stringify({ s: this.data.seq, ops: clones })}\n`;
    const seq = this.data.seq;
    return new Promise((resolve, reject) => {
      const p = { seq, line, undo, resolve, reject };
      this.queue.push(p);
      this.unsettled.push(p);
      this.track(undo, 1);
      if (!this.running) this.running = this.drain();
    });
  }

  /** Resolves when every commit made so far is on disk or undone (and any compaction has finished). */
  async flushed(): Promise<void> {
    while (this.running || this.compaction) {
      await this.running;
      await this.compaction;
    }
  }

  stats(): EngineStats {
    const counts: Record<string, number> = {};
    for (const c of Object.keys(this.data.collections)) counts[c] = this.size(c);
    return {
      file: this.file,
      schemaVersion: this.data.schemaVersion,
      seq: this.data.seq,
      journalBytes: this.journal?.bytes ?? 0,
      ...this.statsCounters,
      counts,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushed();
    this.closed = true;
    this.writes?.stop();
    if (this.journal && this.journal.bytes > 0 && this.health().writable) {
      // the journal holds everything the snapshot does not: a compaction that fails loses nothing
      await this.compact().catch((err: Error) => this.opts.onCompactionFailed?.(err));
    }
    await this.journal?.close();
    this.release();
  }

  private track(undo: Undo[], delta: 1 | -1): void {
    for (const { c, id } of undo) {
      const key = `${c}/${id}`;
      const n = (this.unsettledKeys.get(key) ?? 0) + delta;
      if (n > 0) this.unsettledKeys.set(key, n);
      else this.unsettledKeys.delete(key);
    }
  }

  private changed(c: string, id: string, value: unknown, before: unknown): void {
    this.valueCache.delete(c);
    const key = recordKey(c, id);
    this.revs.set(key, (this.revs.get(key) ?? 0) + 1);
    for (const w of this.watchers.get(c) ?? []) w(id, value, before);
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        await this.exclusive(() => this.journal!.write(batch.map((p) => p.line).join('')));
        this.statsCounters.flushes++;
        this.unsettled.splice(0, batch.length);
        for (const p of batch) this.track(p.undo, -1);
        if (this.tail) for (const p of batch) if (p.seq > this.tail.after) this.tail.lines.push(p.line);
        for (const p of batch) p.resolve();
      } catch (err) {
        this.rollBack(err);
      }
      this.maybeCompact();
    }
    this.running = null;
  }

  /**
   * A journal write failed (the journal is cut back to its last whole line): undo, newest first,
   * every commit not yet on disk, so readers see only what is durable, and refuse further commits.
   */
  private rollBack(cause: unknown): void {
    const failed = this.unsettled.splice(0);
    this.queue.length = 0;
    this.unsettledKeys.clear();
    for (let i = failed.length - 1; i >= 0; i--) {
      const undo = failed[i].undo;
      for (let k = undo.length - 1; k >= 0; k--) {
        const { c, id, before } = undo[k];
        const current = this.data.collections[c]?.[id];
        applyOps(this.data, [{ c, id, v: before }]);
        this.changed(c, id, before, current);
      }
    }
    if (failed.length) this.data.seq = failed[0].seq - 1;
    this.statsCounters.rolledBack += failed.length;
    const error = this.writes!.fail(cause);
    for (const p of failed) p.reject(error);
  }

  private maybeCompact(): void {
    if (this.compaction || !this.journal || this.journal.bytes < this.opts.compactAtBytes) return;
    if (!this.health().writable || Date.now() < this.compactNotBefore) return;
    this.compaction = this.compact()
      .then(
        () => {
          this.compactNotBefore = 0;
        },
        (err: Error) => {
          // the old snapshot and the journal still hold everything; try again later
          this.compactNotBefore = Date.now() + this.opts.compactRetryMs;
          this.opts.onCompactionFailed?.(err);
        },
      )
      .finally(() => {
        this.compaction = null;
      });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.io.then(fn);
    this.io = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Writes the durable state as of now as the lowdb snapshot while commits go on being journaled,
   * then swaps in a journal that holds only what came after. A crash at any point leaves a snapshot
   * and a journal that together hold every acknowledged commit (replay skips seq <= snapshot.seq).
   * Commits not yet on disk are left out of the snapshot (they may still be undone); they reach
   * the new journal once written.
   */
  private async compact(): Promise<void> {
    if (!this.db || !this.journal) return;
    const at = this.unsettled.length ? this.unsettled[0].seq - 1 : this.data.seq;
    // Records are immutable, so shallow copies of the collection maps are a consistent view.
    const collections: Snapshot['collections'] = {};
    for (const [name, records] of Object.entries(this.data.collections)) collections[name] = { ...records };
    for (let i = this.unsettled.length - 1; i >= 0; i--) {
      const undo = this.unsettled[i].undo;
      for (let k = undo.length - 1; k >= 0; k--) applyOps({ collections } as Snapshot, [{ c: undo[k].c, id: undo[k].id, v: undo[k].before }]);
    }
    this.tail = { after: at, lines: [] };
    try {
      this.db.data = { ...this.data, seq: at, collections };
      await this.db.write();
      await this.exclusive(() => this.journal!.replace(this.tail!.lines.join('')));
      this.statsCounters.compactions++;
    } finally {
      this.tail = null;
      this.db.data = this.data;
    }
  }
}
