import type { Backend } from './backend.js';
import type { Op } from './types.js';
import { memoize } from '../domain/memoize.js';

const yearFormat = memoize(
  (timeZone: string) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }),
  (tz) => tz,
);

/**
 * Reserves the next number of a per-year series (KB-2026-0042, UT-2026-0007), the year taken in
 * the bot's time zone. In the JSON store the op goes in the same commit as the record, so numbers
 * are unique and increasing, without gaps, even across crashes. A backend shared by several
 * instances takes the number at once in one atomic statement instead (`ops` is then empty): a
 * read-and-increment in the unit of work would make every registration made at the same moment
 * conflict on the one counter record and run again, until they gave up; a number taken by a unit
 * that then fails is skipped, never given twice.
 */
export async function reserveNumber(engine: Backend, series: string, now: Date, timezone: string): Promise<{ year: number; n: number; ops: Op[] }> {
  const year = Number(yearFormat(timezone).format(now));
  const id = `${series}-${year}`;
  if (engine.nextInSeries) return { year, n: await engine.nextInSeries(COUNTERS, id), ops: [] };
  const n = ((await engine.get<{ id: string; value: number }>(COUNTERS, id))?.value ?? 0) + 1;
  return { year, n, ops: [{ c: COUNTERS, id, v: { id, value: n } }] };
}

const COUNTERS = 'counters';
