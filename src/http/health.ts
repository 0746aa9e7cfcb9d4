import type { Deps } from '../deps.js';
import { undeliverableLastWeek } from '../outbox/report.js';
import { PG_SCHEMA_VERSION } from '../store/pg/schema.js';
import type { PgBackend } from '../store/pg/backend.js';

/**
 * What `GET /healthz` answers: 200 "ok", or 503 "degraded" with the reason while the store cannot
 * write (changes are refused until it can; it recovers without a restart). On PostgreSQL it
 * reports the database: reachable or not, the migration version it is at, and the outbox backlog
 * every instance shares.
 */
export async function healthReport(deps: Deps): Promise<{ status: number; body: Record<string, unknown> }> {
  const mode = deps.config.localMode ? 'local' : 'authenticated';
  const engine = deps.store.engine;
  let s: Awaited<ReturnType<typeof deps.store.stats>>;
  try {
    s = await deps.store.stats();
  } catch (err) {
    if (engine.kind !== 'postgres') throw err;
    // the database cannot be reached: say so, with what this instance knows without it
    const h = deps.store.health();
    return {
      status: 503,
      body: {
        status: 'degraded',
        reason: h.writable ? String((err as Error)?.message ?? err) : h.reason,
        ...(h.writable ? {} : { since: h.since }),
        mode,
        store: {
          kind: 'postgres',
          writable: false,
          database: { ...(engine as PgBackend).whereabouts(), reachable: false, expectedSchemaVersion: PG_SCHEMA_VERSION },
        },
      },
    };
  }
  const h = deps.store.health();
  const outbox = await deps.store.outbox.backlog(deps.clock.now());
  return {
    status: h.writable ? 200 : 503,
    body: {
      status: h.writable ? 'ok' : 'degraded',
      ...(h.writable ? {} : { reason: h.reason, since: h.since }),
      mode,
      store: {
        schemaVersion: s.schemaVersion,
        kind: s.kind,
        ...(s.kind === 'json'
          ? { seq: s.seq, journalBytes: s.journalBytes, compactions: s.compactions, loadMs: Math.round(Number(s.loadMs)) }
          : { database: { ...s.database, expectedSchemaVersion: PG_SCHEMA_VERSION } }),
        writable: h.writable,
        counts: s.counts,
        outbox,
      },
      undeliverableLast7Days: await undeliverableLastWeek(deps),
    },
  };
}
