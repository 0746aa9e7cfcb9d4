import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';
import type { Directory } from './directory/directory.js';
import type { MenuRegistry } from './features/menu.js';
import type { ArrivalRegistry } from './features/onboarding/arrivals.js';
import type { RouteRegistry } from './http/routes.js';
import type { Outbox } from './outbox/outbox.js';
import type { ChangeLimiter } from './features/change-limiter.js';

/** The clock every feature reads: injected so tests and the scheduler can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Background work a feature runs while the bot is up (sweeps, timers). */
export interface Lifecycle {
  onStart(fn: () => void): void;
  onStop(fn: () => void | Promise<void>): void;
  /** Runs every registered sweep now (the admin's `tid` command, tests). */
  addSweep(fn: () => Promise<void>): void;
  runSweeps(): Promise<void>;
}

/** What every feature's `register(app, deps)` receives. */
export interface Deps {
  config: Config;
  logger: Logger;
  store: Store;
  directory: Directory;
  clock: Clock;
  menu: MenuRegistry;
  /** What features do when a person opens a new 1:1 chat (installs the bot). */
  arrivals: ArrivalRegistry;
  /** HTTP routes features serve besides the bot endpoint (signed downloads). */
  routes: RouteRegistry;
  /**
   * The durable outbox: kick it after committing messages. Every proactive request to Teams (new
   * messages and in-place card updates) goes through it, within the per-tenant limits.
   */
  outbox: Outbox;
  lifecycle: Lifecycle;
  /** Per-person burst limit for changes (in-process; made from the config when not given). */
  changes?: ChangeLimiter;
}
