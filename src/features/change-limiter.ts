import { createHash } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * Bounds how many changes one person may make in a short time (clicks in a loop, a script).
 * On the JSON store (one instance) the counts live in this process's memory and start empty after
 * a restart; on PostgreSQL (several instances) they live in the database (SharedLimiter).
 */
export interface ChangeLimiter {
  /** True (and counted) when `personId` may make one more change at `now`. */
  allow(personId: string, now: Date): boolean | Promise<boolean>;
}

/** At most `max` changes per person in any `windowMs`; `max` null = no limit. */
export class SlidingWindowLimiter implements ChangeLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly max: number | null,
    private readonly windowMs = 60_000,
  ) {}

  allow(personId: string, now: Date): boolean {
    if (this.max === null) return true;
    const t = now.getTime();
    const since = t - this.windowMs;
    const times = (this.recent.get(personId) ?? []).filter((x) => x > since && x <= t);
    if (times.length >= this.max) {
      this.recent.set(personId, times);
      return false;
    }
    times.push(t);
    this.recent.set(personId, times);
    if (this.recent.size > 10_000) this.forgetIdle(since);
    return true;
  }

  private forgetIdle(since: number): void {
    for (const [id, times] of this.recent) if (!times.some((x) => x > since)) this.recent.delete(id);
  }
}

/** What the shared limiter needs of the database (PgBackend.admit). */
export interface SharedCounter {
  admit(key: string, max: number, windowMs: number, now: Date): Promise<boolean>;
}

/**
 * The same bound for several instances on one database: counted in PostgreSQL, so three instances
 * allow what one does (an in-process count would allow three times as many).
 */
export class SharedLimiter implements ChangeLimiter {
  constructor(
    private readonly counter: SharedCounter,
    private readonly max: number | null,
    private readonly windowMs = 60_000,
  ) {}

  async allow(personId: string, now: Date): Promise<boolean> {
    if (this.max === null) return true;
    // the row names no one: a digest of the id (and it is gone a minute after the person's last change)
    return this.counter.admit(`changes:${createHash('sha256').update(personId).digest('base64url').slice(0, 22)}`, this.max, this.windowMs, now);
  }
}

/** The bot's limiter (made from the configuration on first use when the wiring gave none). */
export function changeLimiter(deps: { changes?: ChangeLimiter; config: Pick<Config, 'changesPerMinute'> }): ChangeLimiter {
  return (deps.changes ??= new SlidingWindowLimiter(deps.config.changesPerMinute));
}
