import type { OutboxDeps } from './outbox.js';
import { undeliverableSince, type UndeliverableReason } from '../domain/outbox.js';

export const REPORT_DAYS = 7;

/** Proactive messages that did not reach their recipient in the last {@link REPORT_DAYS} days, by reason (`status`, /healthz). */
export async function undeliverableLastWeek(deps: Pick<OutboxDeps, 'store' | 'clock'>): Promise<Record<UndeliverableReason, number>> {
  const since = new Date(deps.clock.now().getTime() - REPORT_DAYS * 24 * 3600_000);
  return undeliverableSince(await deps.store.outbox.undeliverable(), since);
}
