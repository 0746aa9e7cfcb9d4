import { describe, it, expect } from 'vitest';
import { isWorkingDay, nextAllowedTime, publicHolidays, workingDaysBefore, isoWeek } from '../../src/domain/calendar.js';

const q = { enabled: true, start: 8, end: 16, timezone: 'Europe/Oslo' };
const oslo = (s: string) => new Date(`${s}${s.length > 10 ? '' : 'T12:00'}`);

describe('the Norwegian working-day calendar', () => {
  it('knows Easter 2026 and 2027, Ascension, 17 May and Christmas', () => {
    const h26 = publicHolidays(2026);
    for (const d of ['2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-14', '2026-05-17', '2026-05-25', '2026-12-25', '2026-12-26'])
      expect(h26.has(d), d).toBe(true);
    const h27 = publicHolidays(2027);
    for (const d of ['2027-03-25', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-06', '2027-05-17', '2027-05-17', '2027-12-25'])
      expect(h27.has(d), d).toBe(true);
    expect(isWorkingDay('2027-03-25')).toBe(false); // Maundy Thursday
    expect(isWorkingDay('2027-03-30')).toBe(true);
    expect(isWorkingDay('2026-05-18')).toBe(true);
    expect(isWorkingDay('2026-12-24')).toBe(true); // Christmas Eve is not a public holiday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
  });

  it('counts working days backwards over weekends and holidays', () => {
    expect(workingDaysBefore('2027-01-15', 3)).toBe('2027-01-12');
    expect(workingDaysBefore('2027-01-18', 1)).toBe('2027-01-15'); // Monday → Friday
    expect(workingDaysBefore('2026-04-08', 3)).toBe('2026-03-31'); // over Easter
    expect(workingDaysBefore('2026-05-19', 1)).toBe('2026-05-18');
  });

  it('moves a reminder out of quiet time to the next working morning', () => {
    // Saturday 23:00 → Monday 08:00
    expect(nextAllowedTime(new Date('2026-11-28T22:00:00Z'), q).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    // Tuesday 07:15 → same day 08:00; Tuesday 10:00 stays
    expect(nextAllowedTime(new Date('2026-12-01T06:15:00Z'), q).toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(nextAllowedTime(new Date('2026-12-01T09:00:00Z'), q).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    // Wednesday before Easter 17:00 → Tuesday after Easter 08:00 (summer time: UTC+2)
    expect(nextAllowedTime(new Date('2026-04-01T15:00:00Z'), q).toISOString()).toBe('2026-04-07T06:00:00.000Z');
    // quiet hours off for tests
    expect(nextAllowedTime(new Date('2026-11-28T22:00:00Z'), { ...q, enabled: false }).toISOString()).toBe('2026-11-28T22:00:00.000Z');
    void oslo;
  });

  it('labels ISO weeks', () => {
    expect(isoWeek(new Date('2026-12-02T10:00:00Z'), 'Europe/Oslo')).toEqual({ monday: '2026-11-30', label: '2026-W49' });
  });
});
