import { AsyncLocalStorage } from 'node:async_hooks';
import { ConflictError } from './errors.js';

/**
 * One unit of work (a turn, one sweep of the scheduler, one send): the revisions of the records it
 * has read, so a commit can tell whether they changed meanwhile (optimistic concurrency, the same
 * rule for the JSON store and PostgreSQL; see Backend).
 */
export class Unit {
  /** `c/id` → revision as first read (0: absent, never written). */
  readonly reads = new Map<string, number>();
  commits = 0;
  /** Something left the bot in this unit (a reply): it cannot simply run again. */
  sent = false;
}

const current = new AsyncLocalStorage<Unit>();

export const recordKey = (c: string, id: string) => `${c}/${id}`;

export function currentUnit(): Unit | undefined {
  return current.getStore();
}

/** Runs `fn` in a fresh unit of work. */
export function inUnit<T>(fn: () => Promise<T>, unit: Unit = new Unit()): Promise<T> {
  return current.run(unit, fn);
}

/** A read saw `c/id` at `rev`; the first read of a record in a unit is the one its commit is checked against. */
export function noteRead(c: string, id: string, rev: number): void {
  const unit = current.getStore();
  if (!unit) return;
  const key = recordKey(c, id);
  if (!unit.reads.has(key)) unit.reads.set(key, rev);
}

/** The revision `c/id` must still have for a commit of this unit to write it, if it was read. */
export function expectedRev(c: string, id: string): number | undefined {
  return current.getStore()?.reads.get(recordKey(c, id));
}

/** After a commit: the unit now knows the records it wrote at their new revisions. */
export function noteCommitted(written: readonly { c: string; id: string; rev: number }[]): void {
  const unit = current.getStore();
  if (!unit) return;
  unit.commits++;
  for (const w of written) unit.reads.set(recordKey(w.c, w.id), w.rev);
}

export interface RetryOptions {
  attempts?: number;
  /** Called before each new attempt (for logs and counters). */
  onRetry?: (err: ConflictError, attempt: number) => void;
}

/**
 * Runs `fn` in a unit of work and, when its commit meets a conflict before it wrote or sent
 * anything, runs it again on fresh data (at most `attempts` times, with a short random pause so
 * racing instances spread out). A conflict after a commit or a reply is passed on.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const unit = new Unit();
    try {
      return await inUnit(fn, unit);
    } catch (err) {
      if (!(err instanceof ConflictError) || unit.commits > 0 || unit.sent || attempt >= attempts) throw err;
      options.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
