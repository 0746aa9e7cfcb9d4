/** One change: put `v` at `c/id`, or delete it when `v` is undefined. */
export interface Op {
  c: string;
  id: string;
  v?: unknown;
}

/** The snapshot file (the lowdb document). */
export interface Snapshot {
  schemaVersion: number;
  /** The last journal sequence number this snapshot contains. */
  seq: number;
  collections: Record<string, Record<string, unknown>>;
}

export interface Migration {
  /** Version this migration produces; it runs on snapshots with a lower version. */
  to: number;
  migrate(data: Snapshot): Snapshot;
}
