import { DateTime } from 'luxon';

/**
 * A moment as the people of KSF read it in a spreadsheet: local time in `zone` (KSF_TIMEZONE),
 * "2026-12-01 21:14" — sortable, and Excel reads it as a date and time. Empty stays empty.
 */
export function localTime(iso: string | undefined, zone: string): string {
  if (!iso) return '';
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return d.isValid ? d.toFormat('yyyy-MM-dd HH:mm') : iso;
}
