import { statfs, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreUnavailableError } from './errors.js';

/** Whether the store can take writes now, as /healthz and the outbox see it. */
export interface StoreHealth {
  writable: boolean;
  /** Why not (for operators), while not writable. */
  reason?: string;
  failure?: StoreUnavailableError['failure'];
  /** When writing stopped working (ISO time). */
  since?: string;
}

export interface RecoveryOptions {
  /** How often a store that cannot write checks whether it can again. */
  intervalMs: number;
  /** Free bytes the disk must have before writes are tried again. */
  minFreeBytes: number;
}

/**
 * Tracks a store that failed to write: refuses changes until the disk has room (fs.statfs), the
 * journal's torn bytes are cut off and a small probe file can be written and synced; then it lets
 * writes through again, without a restart.
 */
export class WriteHealth {
  private failure: StoreUnavailableError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: ((h: StoreHealth) => void)[] = [];

  constructor(
    private readonly file: string,
    private readonly repair: () => Promise<void>,
    private readonly opts: RecoveryOptions,
  ) {}

  /** The error a change gets while writes are refused, or null when the store can write. */
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

  /** A write failed: refuse changes and start checking for recovery. */
  fail(cause: unknown): StoreUnavailableError {
    const first = !this.failure;
    this.failure = cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError(cause);
    if (first) this.emit();
    this.schedule();
    return this.failure;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    if (!this.failure) return;
    try {
      const fs = await statfs(dirname(this.file));
      if (fs.bavail * fs.bsize < this.opts.minFreeBytes) throw Object.assign(new Error('still no space'), { code: 'ENOSPC' });
      await this.repair();
      await probe(this.file);
      this.failure = null;
      this.emit();
    } catch (err) {
      if (this.failure && (err as NodeJS.ErrnoException).code) this.failure = new StoreUnavailableError(err, this.failure.since);
      this.schedule();
    }
  }

  private emit(): void {
    const h = this.current;
    for (const l of this.listeners) l(h);
  }
}

/** Writes, syncs and removes a small file beside the store: proof the folder takes writes again. */
async function probe(file: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.probe.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(Buffer.alloc(4096, 32));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
