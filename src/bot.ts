import type restify from 'restify';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openStore, Store } from './store/store.js';
import { openPgBackend, PgBackend } from './store/pg/backend.js';
import { redactDatabaseUrl } from './domain/database-url.js';
import type { OpenOptions } from './store/engine.js';
import { loadDirectory } from './directory/load.js';
import { DEMO_DIRECTORY } from './paths.js';
import { createAdapter, createApp } from './app.js';
import { createServer } from './http/server.js';
import { MenuRegistry } from './features/menu.js';
import { ArrivalRegistry } from './features/onboarding/arrivals.js';
import { SharedLimiter, SlidingWindowLimiter } from './features/change-limiter.js';
import { systemClock, type Clock, type Deps } from './deps.js';
import { RouteRegistry } from './http/routes.js';
import { OutboxSender, type SenderLimits } from './outbox/sender.js';
import { ConnectorClient } from './outbox/connector-client.js';
import { createLifecycle } from './lifecycle.js';
import { scheduleSweeps } from './scheduler.js';
import { registerFeatures } from './features/index.js';
import { warmTemplates } from './cards/templates.js';
import { warmCalendar } from './domain/calendar.js';

export interface RunningBot {
  server: restify.Server;
  deps: Deps;
  url: string;
  stop(): Promise<void>;
}

export interface BotOverrides {
  clock?: Clock;
  logger?: Logger;
  limits?: SenderLimits;
}

/**
 * A store that cannot write keeps the bot up: changes are refused with a message to the person,
 * /healthz answers 503 until the disk takes writes again, and the store recovers by itself.
 */
function storeEvents(logger: Logger): OpenOptions {
  return {
    onHealthChange: (h) => {
      if (h.writable) logger.warn('the store can write again; changes are accepted');
      else logger.error({ reason: h.reason }, 'the store cannot write to disk; refusing changes until it can');
    },
    onCompactionFailed: (err) => logger.error({ err }, 'compaction failed; the snapshot and journal still hold everything, retrying later'),
    onStaleTemps: (names) => logger.warn({ names }, 'removed temp files left by a killed earlier process'),
  };
}

/** Starts the whole bot (store, app, HTTP, outbox, sweeps) from a validated config. Used by `index.ts` and tests. */
export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const directory = loadDirectory(config.directoryPath ?? DEMO_DIRECTORY);
  const store = config.databaseUrl
    ? new Store(
        await openPgBackend(config.databaseUrl, {
          poolSize: config.dbPoolSize,
          applicationName: `ksf-bot ${config.instanceId}`.slice(0, 60),
          onHealthChange: storeEvents(logger).onHealthChange,
        }),
      )
    : await openStore(config.storePath, storeEvents(logger));
  const adapter = createAdapter(config);
  const lifecycle = createLifecycle();
  const connector = new ConnectorClient(config, adapter.credentialsFactory);
  const clock = overrides.clock ?? systemClock;
  const sender = new OutboxSender({ store, clock, logger }, connector, overrides.limits, config.instanceId);
  const deps: Deps = {
    config,
    logger,
    store,
    directory,
    clock,
    menu: new MenuRegistry(),
    arrivals: new ArrivalRegistry(),
    routes: new RouteRegistry(),
    lifecycle,
    changes: store.engine instanceof PgBackend ? new SharedLimiter(store.engine, config.changesPerMinute) : new SlidingWindowLimiter(config.changesPerMinute),
    outbox: sender,
  };

  const app = createApp(deps, adapter, registerFeatures);
  scheduleSweeps(lifecycle, logger.child({ feature: 'scheduler' }), (ttlMs) => store.engine.lease('sweeps', config.instanceId, ttlMs));
  // what is not needed to listen is prepared after listening, between the first turns
  lifecycle.onStart(() => {
    void warmTemplates()
      .then(() => warmCalendar(deps.clock.now()))
      .catch((err: unknown) => logger.error({ err }, 'warming up after start failed'));
  });
  const server = createServer(deps, adapter, app);
  if (config.exposedWithoutAuthentication) {
    logger.warn(
      { listenHost: config.listenHost },
      'LOCAL MODE IS LISTENING BEYOND LOOPBACK (KSF_LISTEN_HOST): there is no authentication without BOT_ID, so anyone who can reach this address can act as any person, the admin clock included',
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.listenHost, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  sender.start();
  lifecycle.start();
  logger.info(
    {
      port,
      host: config.listenHost,
      mode: config.localMode ? 'local (no authentication)' : 'authenticated',
      store: config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : config.storePath,
      instance: config.instanceId,
    },
    'KSF bot listening',
  );
  return {
    server,
    deps,
    url: `http://${config.listenHost === '0.0.0.0' || config.listenHost === '::' ? '127.0.0.1' : config.listenHost.includes(':') ? `[${config.listenHost}]` : config.listenHost}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lifecycle.stop();
      await sender.stop();
      await store.close();
    },
  };
}
