import type { PoolClient } from 'pg';
import type { PgIndexes } from './indexes.js';
import { writeKeys } from './indexes.js';

export interface Claimed<T> {
  id: string;
  record: T;
  rev: number;
}

/**
 * In the caller's transaction: locks those of the candidates no other instance is claiming right
 * now (SKIP LOCKED) and still at the revision they were read at, writes each one patched, and
 * returns them with their new revisions.
 */
export async function claimIn<T extends object>(
  client: PoolClient,
  c: string,
  asRead: readonly { record: T; id: string; rev: number }[],
  patch: (record: T) => T,
  indexes: PgIndexes,
): Promise<Claimed<T>[]> {
  if (!asRead.length) return [];
  const { rows } = await client.query<{ id: string; rev: string }>(
    'select id, rev from ksf_records where c = $1 and id = any($2::text[]) order by id for update skip locked',
    [c, asRead.map((a) => a.id)],
  );
  const locked = new Map(rows.map((r) => [r.id, Number(r.rev)]));
  const mine = asRead.filter((a) => locked.get(a.id) === a.rev).map((a) => ({ id: a.id, record: patch(a.record) }));
  if (!mine.length) return [];
  const updated = await client.query<{ id: string; rev: string }>(
    `update ksf_records r set v = t.v::jsonb, rev = r.rev + 1 from unnest($2::text[], $3::text[]) as t(id, v)
     where r.c = $1 and r.id = t.id returning r.id, r.rev`,
    [c, mine.map((m) => m.id), mine.map((m) => JSON.stringify(m.record))],
  );
  const revs = new Map(updated.rows.map((r) => [r.id, Number(r.rev)]));
  await writeKeys(client, indexes.keyRows(mine.map((m) => ({ c, id: m.id, v: m.record }))));
  return mine.map((m) => ({ ...m, rev: revs.get(m.id)! }));
}
