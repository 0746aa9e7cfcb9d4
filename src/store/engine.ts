import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DurableJSONFile } from './durable-json-file.js';
import { Journal, readJournal } from './journal.js';
import { acquireLock } from './lock.js';
import { StoreCorruptError } from './errors.js';
import { CURRENT_SCHEMA_VERSION, migrations as defaultMigrations } from './migrations.js';
import type { Migration, Op, Snapshot } from './types.js';

export interface EngineStats {
  file: string | null;
  schemaVersion: number;
  seq: number;
  journalBytes: number;
  commits: number;
  flushes: number;
  compactions: number;
  loadMs: number;
  counts: Record<string, number>;
}

export interface OpenOptions {
  /** Compact the journal into the snapshot when it grows past this many bytes. */
  compactAtBytes?: number;
  migrations?: Migration[];
  /** Called when a write to disk fails: the process can no longer promise durability. */
  onFatal?: (err: Error) => void;
}

interface Pending {
  seq: number;
  line: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * The storage engine: all collections in memory, every change appended to a JSON-lines journal
 * (group commit, fdatasync before a commit resolves) and compacted now and then into the lowdb
 * snapshot. Without a file it is the in-memory twin used by unit tests.
 */
export class Engine {
  private data: Snapshot;
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  /** One journal file operation at a time (appends, and the swap at the end of a compaction). */
  private io: Promise<void> = Promise.resolve();
  private compaction: Promise<void> | null = null;
  /** While a compaction runs: the journal lines newer than its snapshot. */
  private tail: { after: number; lines: string[] } | null = null;
  private statsCounters = { commits: 0, flushes: 0, compactions: 0, loadMs: 0 };
  private readonly valueCache = new Map<string, unknown[]>();
  private readonly watchers = new Map<string, ((id: string, value: unknown, before: unknown) => void)[]>();

  private constructor(
    private readonly file: string | null,
    private readonly db: Low<Snapshot> | null,
    private readonly journal: Journal | null,
    private readonly release: () => void,
    private readonly opts: Required<Pick<OpenOptions, 'compactAtBytes' | 'onFatal'>>,
    data: Snapshot,
  ) {
    this.data = data;
  }

  /** An engine that keeps nothing on disk. */
  static memory(): Engine {
    return new Engine(null, null, null, () => {}, { compactAtBytes: Infinity, onFatal: () => {} }, emptySnapshot());
  }

  /** Opens (or creates) the store at `file`, taking its lock, migrating and replaying the journal. */
  static async open(file: string, options: OpenOptions = {}): Promise<Engine> {
    const started = performance.now();
    mkdirSync(dirname(file), { recursive: true });
    const release = acquireLock(file);
    try {
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
      const engine = new Engine(file, db, journal, release, {
        compactAtBytes: options.compactAtBytes ?? 8 * 1024 * 1024,
        onFatal: options.onFatal ?? ((err) => { throw err; }),
      }, data);
      if (data.schemaVersion !== before || !fileExists(file)) await engine.compact();
      engine.statsCounters.loadMs = performance.now() - started;
      return engine;
    } catch (err) {
      release();
      throw err;
    }
  }

  get<T>(c: string, id: string): T | undefined {
    return this.data.collections[c]?.[id] as T | undefined;
  }

  /** All records of a collection. The array is cached until the collection changes: do not mutate it. */
  values<T>(c: string): readonly T[] {
    let v = this.valueCache.get(c);
    if (!v) this.valueCache.set(c, (v = Object.values(this.data.collections[c] ?? {})));
    return v as T[];
  }

  /**
   * Calls `fn` with every record of collection `c` now, and again for each record a commit writes
   * (`undefined` when it is deleted), with the record it replaces: how repositories keep their
   * in-memory indexes.
   */
  watch<T>(c: string, fn: (id: string, value: T | undefined, before: T | undefined) => void): void {
    const records = this.data.collections[c] ?? {};
    for (const id in records) fn(id, records[id] as T, undefined);
    const list = this.watchers.get(c) ?? [];
    list.push(fn as (id: string, value: unknown, before: unknown) => void);
    this.watchers.set(c, list);
  }

  count(c: string): number {
    return Object.keys(this.data.collections[c] ?? {}).length;
  }

  /**
   * Applies `ops` at once (readers see them immediately) and resolves when they are durable.
   * All ops of one commit land together or not at all.
   */
  commit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    if (ops.length === 0) return Promise.resolve();
    const clones = ops.map((op) => ({ c: op.c, id: op.id, v: op.v === undefined ? undefined : deepFreeze(structuredClone(op.v)) }));
    const befores = clones.map((op) => (this.watchers.has(op.c) ? this.data.collections[op.c]?.[op.id] : undefined));
    applyOps(this.data, clones);
    clones.forEach((op, i) => {
      this.valueCache.delete(op.c);
      for (const w of this.watchers.get(op.c) ?? []) w(op.id, op.v, befores[i]);
    });
    this.data.seq += 1;
    this.statsCounters.commits++;
    if (!this.journal) return Promise.resolve();
    const line = `${JSON.stringify({ s: this.data.seq, ops: clones })}\n`;
    const seq = this.data.seq;
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, line, resolve, reject });
      if (!this.running) this.running = this.drain();
    });
  }

  /** Resolves when every commit made so far is on disk (and any compaction has finished). */
  async flushed(): Promise<void> {
    while (this.running || this.compaction) {
      await this.running;
      await this.compaction;
    }
  }

  stats(): EngineStats {
    const counts: Record<string, number> = {};
    for (const c of Object.keys(this.data.collections)) counts[c] = this.count(c);
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
    if (this.journal && this.journal.bytes > 0) await this.compact();
    await this.journal?.close();
    this.release();
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        await this.exclusive(() => this.journal!.write(batch.map((p) => p.line).join('')));
        this.statsCounters.flushes++;
        if (this.tail) for (const p of batch) if (p.seq > this.tail.after) this.tail.lines.push(p.line);
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err as Error);
        this.opts.onFatal(err as Error);
      }
      if (!this.compaction && this.journal!.bytes >= this.opts.compactAtBytes) {
        this.compaction = this.compact()
          .catch((err: Error) => this.opts.onFatal(err))
          .finally(() => {
            this.compaction = null;
          });
      }
    }
    this.running = null;
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
   * Writes the state as of now as the lowdb snapshot while commits go on being journaled, then
   * swaps in a journal that holds only what came after. A crash at any point leaves a snapshot
   * and a journal that together hold every acknowledged commit (replay skips seq <= snapshot.seq).
   */
  private async compact(): Promise<void> {
    if (!this.db || !this.journal) return;
    const at = this.data.seq;
    // Records are immutable, so shallow copies of the collection maps are a consistent view.
    const collections: Snapshot['collections'] = {};
    for (const [name, records] of Object.entries(this.data.collections)) collections[name] = { ...records };
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

function emptySnapshot(): Snapshot {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, seq: 0, collections: {} };
}

function fileExists(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

function validateSnapshot(file: string, data: unknown): Snapshot {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new StoreCorruptError(file, 'the top level is not a JSON object');
  }
  const d = data as Partial<Snapshot>;
  const version = d.schemaVersion ?? 0;
  if (typeof version !== 'number' || version > CURRENT_SCHEMA_VERSION) {
    throw new StoreCorruptError(file, `schemaVersion ${String(version)} is newer than this bot understands (${CURRENT_SCHEMA_VERSION})`);
  }
  return { ...(d as object), schemaVersion: version, seq: typeof d.seq === 'number' ? d.seq : 0, collections: d.collections ?? {} } as Snapshot;
}

function migrate(data: Snapshot, list: Migration[]): Snapshot {
  let current = data;
  for (const m of [...list].sort((a, b) => a.to - b.to)) {
    if (current.schemaVersion < m.to) current = { ...m.migrate(current), schemaVersion: m.to };
  }
  return current;
}

function applyOps(data: Snapshot, ops: Op[]): void {
  for (const op of ops) {
    const coll = (data.collections[op.c] ??= {});
    if (op.v === undefined) delete coll[op.id];
    else coll[op.id] = op.v;
  }
}

/** Records in the engine are immutable: a handler that wants to change one commits a new version. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
