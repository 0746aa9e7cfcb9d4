import type { Deps } from '../deps.js';
import { undeliverableLastWeek } from '../outbox/report.js';

/**
 * What `GET /healthz` answers: 200 "ok", or 503 "degraded" with the reason while the store cannot
 * write (changes are refused until it can; it recovers without a restart).
 */
export async function healthReport(deps: Deps): Promise<{ status: number; body: Record<string, unknown> }> {
  const s = (await deps.store.stats()) as Record<string, unknown> & { counts: Record<string, number>; schemaVersion: number };
  const h = deps.store.health();
  return {
    status: h.writable ? 200 : 503,
    body: {
      status: h.writable ? 'ok' : 'degraded',
      ...(h.writable ? {} : { reason: h.reason, since: h.since }),
      mode: deps.config.localMode ? 'local' : 'authenticated',
      store: {
        schemaVersion: s.schemaVersion,
        kind: s.kind,
        ...(s.kind === 'json'
          ? { seq: s.seq, journalBytes: s.journalBytes, compactions: s.compactions, loadMs: Math.round(Number(s.loadMs)) }
          : { database: s.database, outboxPending: await deps.store.outbox.pendingCount() }),
        writable: h.writable,
        counts: s.counts,
      },
      undeliverableLast7Days: await undeliverableLastWeek(deps),
    },
  };
}
