import { statSync } from 'node:fs';
import { StoreCorruptError } from './errors.js';
import { CURRENT_SCHEMA_VERSION } from './migrations.js';
import type { Migration, Op, Snapshot } from './types.js';

export function emptySnapshot(): Snapshot {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, seq: 0, collections: {} };
}

export function fileExists(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

export function validateSnapshot(file: string, data: unknown): Snapshot {
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

export function migrate(data: Snapshot, list: Migration[]): Snapshot {
  let current = data;
  for (const m of [...list].sort((a, b) => a.to - b.to)) {
    if (current.schemaVersion < m.to) current = { ...m.migrate(current), schemaVersion: m.to };
  }
  return current;
}

export function applyOps(data: Snapshot, ops: Op[]): void {
  for (const op of ops) {
    const coll = (data.collections[op.c] ??= {});
    if (op.v === undefined) delete coll[op.id];
    else coll[op.id] = op.v;
  }
}

/** Records in the engine are immutable: a handler that wants to change one commits a new version. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
