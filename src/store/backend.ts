import type { Op } from './types.js';
import type { StoreHealth } from './write-health.js';

/**
 * A secondary index: record ids of one collection by a key computed from the record. Declared
 * once by a repository; each backend keeps it its own way (a map in memory, a key table in
 * PostgreSQL). `key` must be a pure function of the record.
 */
export interface IndexDef<T> {
  /** Unique per collection. */
  name: string;
  collection: string;
  key: (record: T) => string | undefined;
}

/** What a backend reports for `/healthz` and the bench. */
export interface BackendStats {
  kind: 'json' | 'postgres';
  schemaVersion: number;
  counts: Record<string, number>;
  /** Backend-specific figures (the JSON store's journal and seq, PostgreSQL's pool): for health and tests. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [detail: string]: any;
}

/**
 * The seam between the use cases and where the data lives: asynchronous for both backends (the
 * embedded JSON store answers from memory at once; PostgreSQL answers over the network).
 *
 * Concurrency: inside a unit of work (see unit.ts: one per turn, sweep or send) every record a
 * read returns, or finds absent, is remembered with its revision; a commit that writes such a
 * record checks that it has not changed since, and fails with a ConflictError when it has (no lost
 * update, whichever instance wrote first). Records written without being read are written as given.
 */
export interface Backend {
  readonly kind: 'json' | 'postgres';
  /** Declares a secondary index; call before the first use. */
  defineIndex<T>(def: IndexDef<T>): void;
  get<T>(c: string, id: string): Promise<T | undefined>;
  /** The records at `ids`, in that order (`undefined` where none). */
  getMany<T>(c: string, ids: readonly string[]): Promise<(T | undefined)[]>;
  /** Every record of a collection: for small collections and exports of everything. Do not mutate. */
  values<T>(c: string): Promise<readonly T[]>;
  count(c: string): Promise<number>;
  /**
   * Every record, of any collection, whose id or stored JSON text contains one of `needles` (what
   * "delete my data" and "mine data" must look at): the database searches, the process holds only
   * what matches.
   */
  mentioning(needles: readonly string[]): Promise<{ c: string; id: string; v: unknown }[]>;
  /** The records whose key in index `def` is one of `keys`, in the order they were first indexed. */
  byKey<T>(def: IndexDef<T>, keys: string | readonly string[]): Promise<T[]>;
  countByKey<T>(def: IndexDef<T>, key: string): Promise<number>;
  /**
   * Writes `ops` atomically (all or none), durable when the promise resolves. Rejects with a
   * ConflictError (nothing written) when a record read in this unit of work changed meanwhile,
   * and with a StoreUnavailableError when the store takes no writes now.
   */
  commit(ops: Op[]): Promise<void>;
  /**
   * Claims records for this instance, at most one claimant at a time: of the `candidates` (as read),
   * those not changed and not being claimed by another instance right now get `patch` merged in and
   * are returned. PostgreSQL: `FOR UPDATE SKIP LOCKED`.
   */
  claim<T extends object>(c: string, candidates: readonly T[], patch: (record: T) => T): Promise<T[]>;
  /**
   * Holds the named lease for `ttlMs` (renewed by calling again): true for exactly one instance at a
   * time; another takes it over once it has not been renewed for `ttlMs` (an instance was lost).
   */
  lease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Backends shared by several instances: takes the next number of the counter record `c/id`
   * (`{ id, value }`) in one atomic statement, outside the unit of work, so that units taking
   * numbers at the same moment never conflict on it; a number is never given twice (one taken by
   * a unit that then fails is a gap). Without it, counters are read and written in the unit.
   */
  nextInSeries?(c: string, id: string): Promise<number>;
  /**
   * A shared rate gate (generic cell rate algorithm): reserves the next slot of `key` at `perSecond`
   * and resolves with how many ms from now it is. Shared by every instance on the same database.
   */
  reserveSlot(key: string, perSecond: number): Promise<number>;
  /** True while a commit that writes this record may still be undone (the JSON store's journal is being written). */
  isUnsettled?(c: string, id: string): boolean;
  health(): StoreHealth;
  onHealthChange(listener: (health: StoreHealth) => void): void;
  describe(): Promise<BackendStats>;
  /** Resolves when every commit made so far is durable (or undone). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}
