import { Cron } from 'croner';
import type { Lifecycle } from './deps.js';
import type { Logger } from './logger.js';

/** How often the sweeps run: scheduled calls that are due, reminders, the weekly digest. */
export const SWEEP_EVERY = '*/15 * * * * *';

/**
 * Runs every sweep the features registered (`deps.lifecycle.addSweep`) every 15 seconds while the
 * bot is up. A sweep that fails (the store refusing changes while the disk is full) is tried
 * again at the next one; sweeps never overlap.
 */
export function scheduleSweeps(lifecycle: Lifecycle, logger: Logger): void {
  let cron: Cron | undefined;
  lifecycle.onStart(() => {
    const failed = (err: unknown) => logger.warn({ err }, 'sweep failed; trying again at the next one');
    cron = new Cron(SWEEP_EVERY, { protect: true, unref: true, catch: failed }, () => lifecycle.runSweeps());
  });
  lifecycle.onStop(() => cron?.stop());
}
