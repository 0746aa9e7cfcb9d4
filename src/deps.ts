import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';
import type { Directory } from './directory/directory.js';
import type { MenuRegistry } from './features/help/menu.js';
import type { RouteRegistry } from './http/routes.js';

/** The clock every feature reads: injected so tests and the scheduler can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What every feature's `register(app, deps)` receives. */
export interface Deps {
  config: Config;
  logger: Logger;
  store: Store;
  directory: Directory;
  clock: Clock;
  menu: MenuRegistry;
  /** HTTP routes features serve besides the bot endpoint (signed downloads). */
  routes: RouteRegistry;
  /** The durable outbox's sender: kick it after committing messages. */
  outbox: { kick(): void; idle(): Promise<void> };
}
