import type { PoolClient } from 'pg';
import type { IndexDef } from '../backend.js';

/** Key of the transaction advisory locks under which an index is built from the records already stored. */
export const INDEX_BUILD_LOCK = 0x6b7367;

/** One row of ksf_keys to write: `key` null removes the record's row of that index. */
export interface KeyRow {
  c: string;
  id: string;
  ix: string;
  key: string | null;
}

/** The indexes this instance declared, by collection. */
export class PgIndexes {
  private readonly byCollection = new Map<string, IndexDef<never>[]>();

  define<T>(def: IndexDef<T>): void {
    // a name declared again (a repository built anew) takes the newer key function
    const list = (this.byCollection.get(def.collection) ?? []).filter((d) => d.name !== def.name);
    list.push(def as IndexDef<never>);
    this.byCollection.set(def.collection, list);
  }

  of(c: string): readonly IndexDef<never>[] {
    return this.byCollection.get(c) ?? [];
  }

  /** The key rows of records written (computed here, in JS, from the new values). */
  keyRows(puts: readonly { c: string; id: string; v: unknown }[]): KeyRow[] {
    const rows: KeyRow[] = [];
    for (const p of puts)
      for (const def of this.of(p.c)) rows.push({ c: p.c, id: p.id, ix: def.name, key: (def.key as (r: unknown) => string | undefined)(p.v) ?? null });
    return rows;
  }
}

/**
 * Keeps ksf_keys in step with the records just written, in the same transaction: rows whose key
 * changed go, new keys come (a key that stays keeps its place in the index's order).
 */
export async function writeKeys(client: PoolClient, rows: readonly KeyRow[]): Promise<void> {
  if (!rows.length) return;
  const cols = [rows.map((r) => r.c), rows.map((r) => r.id), rows.map((r) => r.ix), rows.map((r) => r.key)];
  await client.query(
    `delete from ksf_keys k using unnest($1::text[], $2::text[], $3::text[], $4::text[]) as d(c, id, ix, key)
     where k.c = d.c and k.id = d.id and k.ix = d.ix and k.key is distinct from d.key`,
    cols,
  );
  await client.query(
    `insert into ksf_keys (c, id, ix, key)
     select c, id, ix, key from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as d(c, id, ix, key, n)
     where key is not null order by n on conflict do nothing`,
    cols,
  );
}

/**
 * Builds index `def` from the records already stored, once per database (records migrated in
 * before any instance declared it). Several instances may try at once: one builds, the others wait.
 */
export async function buildIndex(client: PoolClient, def: IndexDef<never>): Promise<void> {
  const built = 'select 1 from ksf_index_builds where c = $1 and ix = $2';
  if ((await client.query(built, [def.collection, def.name])).rowCount) return;
  await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [INDEX_BUILD_LOCK, `${def.collection}/${def.name}`]);
  if ((await client.query(built, [def.collection, def.name])).rowCount) return;
  const key = def.key as (r: unknown) => string | undefined;
  for (let after = 0; ;) {
    const { rows } = await client.query<{ id: string; v: unknown; seq: string }>(
      'select id, v, seq from ksf_records where c = $1 and seq > $2 order by seq limit 1000',
      [def.collection, after],
    );
    if (!rows.length) break;
    await writeKeys(
      client,
      rows.map((r) => ({ c: def.collection, id: r.id, ix: def.name, key: key(r.v) ?? null })),
    );
    after = Number(rows[rows.length - 1].seq);
  }
  await client.query('insert into ksf_index_builds (c, ix) values ($1, $2) on conflict do nothing', [def.collection, def.name]);
}
