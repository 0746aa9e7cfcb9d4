import { memoryStore } from '../../src/store/store.js';
import { loadDirectory } from '../../src/directory/load.js';
import { DEMO_DIRECTORY } from '../../src/paths.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MenuRegistry } from '../../src/features/menu.js';
import { ArrivalRegistry } from '../../src/features/onboarding/arrivals.js';
import { RouteRegistry } from '../../src/http/routes.js';
import { createLifecycle } from '../../src/lifecycle.js';
import type { Deps } from '../../src/deps.js';

/** Deps on the in-memory store, for unit tests of views and services (no HTTP, no sending). */
export function testDeps(now = new Date('2026-11-30T09:00:00Z')): Deps & { clock: { t: number; now(): Date } } {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const clock = {
    t: now.getTime(),
    now() {
      return new Date(this.t);
    },
  };
  return {
    config,
    logger: createLogger('silent'),
    store: memoryStore(),
    directory: loadDirectory(DEMO_DIRECTORY),
    clock,
    menu: new MenuRegistry(),
    arrivals: new ArrivalRegistry(),
    routes: new RouteRegistry(),
    lifecycle: createLifecycle(),
    outbox: {
      kick() {},
      async idle() {},
      onSettled() {},
      registerRenderer() {},
      isHandedOver: () => false,
      counters: { requests: 0, sent: 0, retried: 0, gaveUp: 0, rerouted: 0 },
    },
  };
}
