import type { Engine } from './engine.js';
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
export function reserveNumber(engine: Engine, series: string, now: Date, timezone: string): { year: number; n: number; op: Op } {
  const year = Number(yearFormat(timezone).format(now));
  const id = `${series}-${year}`;
  const n = (engine.get<{ id: string; value: number }>('counters', id)?.value ?? 0) + 1;
  return { year, n, op: { c: 'counters', id, v: { id, value: n } } };
}
