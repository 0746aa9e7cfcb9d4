import type { Deps } from '../deps.js';
import { undeliverableLastWeek } from '../outbox/report.js';

/**
 * What `GET /healthz` answers: 200 "ok", or 503 "degraded" with the reason while the store cannot
 * write (changes are refused until it can; it recovers without a restart).
 */
export function healthReport(deps: Deps): { status: number; body: Record<string, unknown> } {
  const s = deps.store.stats();
  const h = deps.store.health();
  return {
    status: h.writable ? 200 : 503,
    body: {
      status: h.writable ? 'ok' : 'degraded',
      ...(h.writable ? {} : { reason: h.reason, since: h.since }),
      mode: deps.config.localMode ? 'local' : 'authenticated',
      store: {
        schemaVersion: s.schemaVersion,
        seq: s.seq,
        journalBytes: s.journalBytes,
        compactions: s.compactions,
        loadMs: Math.round(s.loadMs),
        writable: h.writable,
        counts: s.counts,
      },
      undeliverableLast7Days: undeliverableLastWeek(deps),
    },
  };
}
