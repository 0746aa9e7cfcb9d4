/**
 * Rate gates by the generic cell rate algorithm: each key has a "theoretical arrival time"; a
 * reservation takes the slot at max(that, now) and moves it on by 1/rate. Requests are spaced
 * evenly, never bunched, so no second holds more than the rate. The in-process twin of the
 * PostgreSQL gate (one UPDATE on a row per key), for the single-instance JSON store.
 */
export class RateGates {
  private readonly next = new Map<string, number>();

  /** Reserves the next slot of `key` and returns how many ms from `now` it is. */
  reserve(key: string, perSecond: number, now: number): number {
    const slot = Math.max(this.next.get(key) ?? 0, now);
    this.next.set(key, slot + 1000 / perSecond);
    if (this.next.size > 10_000) for (const [k, t] of this.next) if (t < now) this.next.delete(k);
    return slot - now;
  }
}
