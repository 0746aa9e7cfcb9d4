import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type HolidaysType from 'date-holidays';
import { memoize } from './memoize.js';

// Loaded on first use: date-holidays takes ~200 ms to import, which would slow every start.
let norway: HolidaysType | undefined;
function calendar(): HolidaysType {
  if (!norway) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
    norway = new Holidays('NO');
  }
  return norway;
}

/** Norwegian public holidays (moving ones computed: Easter, Ascension, Whitsun) as YYYY-MM-DD. */
export function publicHolidays(year: number): Set<string> {
  return new Set(
    calendar()
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  );
}

const holidays = memoize(publicHolidays, String);

/** A working day: Monday to Friday and not a public holiday. `day` is YYYY-MM-DD. */
export function isWorkingDay(day: string): boolean {
  const d = DateTime.fromISO(day);
  return d.weekday <= 5 && !holidays(d.year).has(day);
}

/** Loads the holiday calendar and this year's and next year's holidays (run after the bot listens). */
export function warmCalendar(now: Date): void {
  const year = now.getUTCFullYear();
  holidays(year);
  holidays(year + 1);
}

/** The working day `n` working days before `day` (YYYY-MM-DD). */
export const workingDaysBefore = memoize(countBack, (day, n) => `${day}|${n}`);

function countBack(day: string, n: number): string {
  let d = DateTime.fromISO(day);
  let left = n;
  while (left > 0) {
    d = d.minus({ days: 1 });
    if (isWorkingDay(d.toISODate()!)) left--;
  }
  return d.toISODate()!;
}

export interface QuietHours {
  enabled: boolean;
  /** Hours of the working day, e.g. 8 and 16. */
  start: number;
  end: number;
  timezone: string;
}

/**
 * The first moment at or after `at` when a reminder may go out: within the working day on a
 * working day. With quiet hours off, `at` itself.
 */
export function nextAllowedTime(at: Date, q: QuietHours): Date {
  if (!q.enabled) return at;
  let t = DateTime.fromJSDate(at, { zone: q.timezone });
  for (let i = 0; i < 30; i++) {
    const day = t.toISODate()!;
    const open = t.set({ hour: q.start, minute: 0, second: 0, millisecond: 0 });
    const close = t.set({ hour: q.end, minute: 0, second: 0, millisecond: 0 });
    if (isWorkingDay(day)) {
      if (t < open) return open.toJSDate();
      if (t < close) return t.toJSDate();
    }
    t = t.plus({ days: 1 }).set({ hour: q.start, minute: 0, second: 0, millisecond: 0 });
  }
  return t.toJSDate();
}

/** Monday of the ISO week of `at` in `timezone`, as YYYY-MM-DD, and the week label (2026-W49). */
export function isoWeek(at: Date, timezone: string): { monday: string; label: string } {
  const d = DateTime.fromJSDate(at, { zone: timezone });
  return { monday: d.startOf('week').toISODate()!, label: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}` };
}
