import type { Pool } from 'pg';

/** One step of the PostgreSQL schema: runs once per database, in one transaction, in order. */
export interface PgMigration {
  to: number;
  sql: string[];
}

/** Key of the session advisory lock every instance takes while it migrates (several may start at once). */
export const MIGRATION_LOCK = 0x6b7366;

export const pgMigrations: PgMigration[] = [
  {
    to: 1,
    sql: [
      // seq: the order records were first written in (the JSON store keeps insertion order too)
      `create table ksf_records (c text not null, id text not null, v jsonb not null, rev bigint not null, seq bigserial not null, primary key (c, id))`,
      `create index ksf_records_seq on ksf_records (c, seq)`,
      `create table ksf_keys (c text not null, ix text not null, key text not null, id text not null, seq bigserial not null, primary key (c, ix, key, id))`,
      `create index ksf_keys_record on ksf_keys (c, id)`,
      `create table ksf_index_builds (c text not null, ix text not null, built_at timestamptz not null default now(), primary key (c, ix))`,
      `create table ksf_leases (name text primary key, owner text not null, until timestamptz not null)`,
      `create table ksf_rate (key text primary key, tat timestamptz not null)`,
    ],
  },
];

export const PG_SCHEMA_VERSION = Math.max(...pgMigrations.map((m) => m.to));

export interface MigrationResult {
  schemaVersion: number;
  /** The versions this call migrated to (empty when another instance had done it). */
  ran: number[];
}

/**
 * Brings the database to the newest schema. Instances that start at the same moment queue on an
 * advisory lock, so each migration runs exactly once; each runs in its own transaction.
 */
export async function migrate(pool: Pool, migrations: PgMigration[] = pgMigrations): Promise<MigrationResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('create table if not exists ksf_schema (version int primary key, applied_at timestamptz not null default now())');
      const { rows } = await client.query<{ v: number | null }>('select max(version) as v from ksf_schema');
      let version = rows[0].v ?? 0;
      const ran: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.to - b.to)) {
        if (m.to <= version) continue;
        await client.query('begin');
        try {
          for (const statement of m.sql) await client.query(statement);
          await client.query('insert into ksf_schema (version) values ($1)', [m.to]);
          await client.query('commit');
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        }
        version = m.to;
        ran.push(m.to);
      }
      return { schemaVersion: version, ran };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((err: Error) => (broken = err));
    }
  } finally {
    client.release(broken);
  }
}
