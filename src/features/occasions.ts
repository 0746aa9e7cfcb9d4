import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { nextAllowedTime } from '../domain/calendar.js';

/** One reminder that is due, under its own id (kind, subject, recipient, occasion); built only when new. */
export interface Occasion {
  id: string;
  build: () => OutboxMessage | Promise<OutboxMessage>;
}

/**
 * Records the occasions not yet recorded in the outbox, in one commit: a second sweep, a restart
 * or a clock jump finds the id taken and creates nothing. Each waits for the next allowed time
 * (working day, working hours) before it is sent. Returns how many were created.
 */
export async function recordOccasions(deps: Deps, occasions: Iterable<Occasion> | AsyncIterable<Occasion>): Promise<number> {
  const sendAt = nextAllowedTime(deps.clock.now(), { ...deps.config.quietHours, timezone: deps.config.timezone }).toISOString();
  const created = new Map<string, OutboxMessage>();
  for await (const { id, build } of occasions) {
    if (created.has(id) || (await deps.store.outbox.get(id))) continue;
    created.set(id, { ...(await build()), id, nextAttemptAt: sendAt });
  }
  if (!created.size) return 0;
  await deps.store.engine.commit([...created.values()].map((m) => deps.store.outbox.op(m)));
  deps.outbox.kick();
  return created.size;
}

/** Epoch ms of the start of working hours on `day` (YYYY-MM-DD) in the bot's time zone. */
export function workingDayStart(deps: Deps, day: string): number {
  return DateTime.fromISO(day, { zone: deps.config.timezone }).set({ hour: deps.config.quietHours.start }).toMillis();
}
