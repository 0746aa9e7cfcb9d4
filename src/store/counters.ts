import type { Backend } from './backend.js';
import type { Op } from './types.js';
import { memoize } from '../domain/memoize.js';

const yearFormat = memoize(
  (timeZone: string) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }),
  (tz) => tz,
);

/**
 * Reserves the next number of a per-year series (KB-2026-0042, UT-2026-0007), the year taken in
 * the bot's time zone. The op goes in the same commit as the record, so numbers are unique and
 * increasing even across crashes.
 */
export async function reserveNumber(engine: Backend, series: string, now: Date, timezone: string): Promise<{ year: number; n: number; op: Op }> {
  const year = Number(yearFormat(timezone).format(now));
  const id = `${series}-${year}`;
  const n = ((await engine.get<{ id: string; value: number }>('counters', id))?.value ?? 0) + 1;
  return { year, n, op: { c: 'counters', id, v: { id, value: n } } };
}
