import { DateTime } from 'luxon';
import type { Clock } from './deps.js';

/**
 * The bot's clock: real time, optionally started at another instant (KSF_FAKE_NOW, local mode
 * only) and moved forward by an admin's `tid` command, so reminders can be tried without waiting.
 */
export class AdjustableClock implements Clock {
  private offset = 0;

  constructor(start?: Date) {
    if (start) this.offset = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** Moves the clock to `to`; never backwards. */
  moveTo(to: Date): void {
    const delta = to.getTime() - this.now().getTime();
    if (delta > 0) this.offset += delta;
  }
}

/**
 * Parses `+3d`, `+4h`, `+30m` or an ISO time relative to `now`; undefined if not understood. An ISO
 * time without an offset (`2026-12-07T08:30`, `2026-12-07`) is wall-clock time in `zone`.
 */
export function parseTimeJump(input: string, now: Date, zone: string): Date | undefined {
  const rel = /^\+(\d{1,4})\s*([dhm])$/i.exec(input.trim());
  if (rel) {
    const n = Number(rel[1]);
    const ms = { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2].toLowerCase() as 'd' | 'h' | 'm'];
    return new Date(now.getTime() + n * ms);
  }
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(input.trim())) {
    const d = DateTime.fromISO(input.trim(), { zone });
    return d.isValid ? d.toJSDate() : undefined;
  }
  return undefined;
}
