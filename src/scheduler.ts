import { Cron } from 'croner';
import type { Lifecycle } from './deps.js';
import type { Logger } from './logger.js';

/** How often the sweeps run: scheduled calls that are due, reminders, the weekly digest. */
export const SWEEP_EVERY = '*/15 * * * * *';
/** How long the sweeping instance's lease holds without renewal: three sweeps. */
const LEASE_MS = 45_000;

/**
 * Runs every sweep the features registered (`deps.lifecycle.addSweep`) every 15 seconds while the
 * bot is up. A sweep that fails (the store refusing changes while the disk is full) is tried
 * again at the next one; sweeps never overlap.
 */
export function scheduleSweeps(lifecycle: Lifecycle, logger: Logger, lease: (ttlMs: number) => Promise<boolean> = async () => true): void {
  let cron: Cron | undefined;
  lifecycle.onStart(() => {
    const failed = (err: unknown) => logger.warn({ err }, 'sweep failed; trying again at the next one');
    cron = new Cron(SWEEP_EVERY, { protect: true, unref: true, catch: failed }, async () => {
      // one instance sweeps at a time: the one holding the lease, renewed at every sweep; when it is
      // lost, another takes over after LEASE_MS (and the sweeps' own ids keep a reminder from going twice)
      if (await lease(LEASE_MS)) await lifecycle.runSweeps();
    });
  });
  lifecycle.onStop(() => cron?.stop());
}
