import type { PoolClient } from 'pg';
import { recordKey } from '../unit.js';
import type { Op } from '../types.js';
import { writeKeys, type PgIndexes } from './indexes.js';

/** One record a commit writes (`v` undefined: delete), with the revision it must still have, if it was read. */
export interface Planned {
  c: string;
  id: string;
  v: unknown;
  expected: number | undefined;
}

/** The last op on each record wins, as in the JSON store; the order of first appearance is kept (insertion order). */
export function plan(ops: readonly Op[], expectedRev: (c: string, id: string) => number | undefined): Planned[] {
  const byKey = new Map<string, Planned>();
  for (const op of ops) {
    const key = recordKey(op.c, op.id);
    const before = byKey.get(key);
    if (before) before.v = op.v;
    else byKey.set(key, { c: op.c, id: op.id, v: op.v, expected: expectedRev(op.c, op.id) });
  }
  return [...byKey.values()];
}

/**
 * Locks the rows of the records that were read (in one order, so two commits cannot deadlock on
 * them) and returns the keys of those that changed since.
 */
export async function changedSinceRead(client: PoolClient, planned: readonly Planned[]): Promise<string[]> {
  const checked = planned.filter((p) => p.expected !== undefined);
  if (!checked.length) return [];
  const { rows } = await client.query<{ c: string; id: string; rev: string }>(
    `select r.c, r.id, r.rev from ksf_records r join unnest($1::text[], $2::text[]) as k(c, id) on r.c = k.c and r.id = k.id
     order by r.c, r.id for update of r`,
    [checked.map((p) => p.c), checked.map((p) => p.id)],
  );
  const now = new Map(rows.map((r) => [recordKey(r.c, r.id), Number(r.rev)]));
  return checked.filter((p) => (now.get(recordKey(p.c, p.id)) ?? 0) !== p.expected).map((p) => recordKey(p.c, p.id));
}

export interface Written {
  c: string;
  id: string;
  rev: number;
}

export type WriteResult = { conflicts: string[] } | { written: Written[] };

/**
 * Writes the planned records and their index keys in a handful of statements, whatever their number.
 * A record read as absent is inserted only if it still is (else a conflict: the caller rolls back).
 */
export async function writePlanned(client: PoolClient, planned: readonly Planned[], indexes: PgIndexes): Promise<WriteResult> {
  const puts = planned.filter((p) => p.v !== undefined);
  const dels = planned.filter((p) => p.v === undefined);
  const fresh = puts.filter((p) => p.expected === 0);
  const rest = puts.filter((p) => p.expected !== 0);
  const written: Written[] = [];
  if (fresh.length) {
    const { rows } = await client.query<{ c: string; id: string }>(
      `insert into ksf_records (c, id, v, rev)
       select c, id, v::jsonb, 1 from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(c, id, v, n) order by n
       on conflict (c, id) do nothing returning c, id`,
      columns(fresh),
    );
    if (rows.length < fresh.length) {
      const inserted = new Set(rows.map((r) => recordKey(r.c, r.id)));
      return { conflicts: fresh.map((p) => recordKey(p.c, p.id)).filter((k) => !inserted.has(k)) };
    }
    for (const r of rows) written.push({ c: r.c, id: r.id, rev: 1 });
  }
  if (rest.length) {
    const { rows } = await client.query<{ c: string; id: string; rev: string }>(
      `insert into ksf_records (c, id, v, rev)
       select c, id, v::jsonb, 1 from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(c, id, v, n) order by n
       on conflict (c, id) do update set v = excluded.v, rev = ksf_records.rev + 1 returning c, id, rev`,
      columns(rest),
    );
    for (const r of rows) written.push({ c: r.c, id: r.id, rev: Number(r.rev) });
  }
  if (dels.length) {
    const keys = [dels.map((p) => p.c), dels.map((p) => p.id)];
    await client.query('delete from ksf_records r using unnest($1::text[], $2::text[]) as d(c, id) where r.c = d.c and r.id = d.id', keys);
    await client.query('delete from ksf_keys k using unnest($1::text[], $2::text[]) as d(c, id) where k.c = d.c and k.id = d.id', keys);
    for (const p of dels) written.push({ c: p.c, id: p.id, rev: 0 });
  }
  await writeKeys(client, indexes.keyRows(puts));
  return { written };
}

function columns(puts: readonly Planned[]): string[][] {
  return [puts.map((p) => p.c), puts.map((p) => p.id), puts.map((p) => JSON.stringify(p.v))];
}
