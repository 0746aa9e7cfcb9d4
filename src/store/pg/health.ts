import { DatabaseUnreachableError, StoreUnavailableError } from '../errors.js';
import type { StoreHealth } from '../write-health.js';

/**
 * Whether the database answers: a connection error refuses reads and writes (StoreUnavailableError)
 * until a probe (`select 1`, every `intervalMs`) succeeds again; listeners hear both changes.
 */
export class PgHealth {
  private failure: StoreUnavailableError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly listeners: ((h: StoreHealth) => void)[] = [];

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly intervalMs: number,
  ) {}

  /** The error a read or write gets now, or null while the database answers. */
  get refusal(): StoreUnavailableError | null {
    return this.failure;
  }

  get current(): StoreHealth {
    const f = this.failure;
    return f ? { writable: false, reason: f.message, failure: f.failure, since: f.since.toISOString() } : { writable: true };
  }

  onChange(listener: (h: StoreHealth) => void): void {
    this.listeners.push(listener);
  }

  /** The database could not be reached: refuse until a probe gets through. */
  fail(cause: unknown): StoreUnavailableError {
    if (cause instanceof StoreUnavailableError) return cause;
    const first = !this.failure;
    this.failure = new StoreUnavailableError(new DatabaseUnreachableError(cause), this.failure?.since);
    if (first) this.emit();
    this.schedule();
    return this.failure;
  }

  /**
   * A connection broke outside any query (an idle one was ended): the database may be gone or may
   * only have closed that one, so probe now and fail only if the probe fails too.
   */
  suspect(): void {
    if (this.failure || this.stopped) return;
    this.probe().catch((err: unknown) => {
      if (!this.stopped) this.fail(err);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, this.intervalMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    if (!this.failure || this.stopped) return;
    try {
      await this.probe();
      this.failure = null;
      this.emit();
    } catch (err) {
      if (this.failure) this.failure = new StoreUnavailableError(new DatabaseUnreachableError(err), this.failure.since);
      this.schedule();
    }
  }

  private emit(): void {
    const h = this.current;
    for (const l of this.listeners) {
      try {
        l(h);
      } catch {
        // a listener's failure must not stop the others, nor the probe
      }
    }
  }
}
