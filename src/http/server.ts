import restify from 'restify';
import type { TeamsAdapter, Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../deps.js';
import { inTurn } from '../logger.js';
import { checkActivity } from './activity-shape.js';
import { healthReport } from './health.js';
import { currentUnit, inUnit, withRetry } from '../store/unit.js';

/** The HTTP surface: the Bot Framework endpoint and a health check. */
export function createServer(deps: Deps, adapter: TeamsAdapter, app: Application<TurnState>): restify.Server {
  const server = restify.createServer({ name: 'ksf-bot', handleUncaughtExceptions: false, maxParamLength: 512 } as restify.ServerOptions);
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // a form post (application/x-www-form-urlencoded) or anything else that is not JSON
    if (!req.is('application/json')) {
      res.send(415, { error: 'send the activity as application/json' });
      return;
    }
    // a JSON null is an absent field (the SDK tests `typeof value === 'object'`, which null passes)
    if (req.body && typeof req.body === 'object') for (const [k, v] of Object.entries(req.body)) if (v === null) delete req.body[k];
    const verdict = checkActivity(req.body, deps.config);
    if (!verdict.ok) {
      deps.logger.warn({ status: verdict.status, reason: verdict.error }, 'refused at the edge');
      res.send(verdict.status, { error: verdict.error });
      return;
    }
    await inTurn(req.body, () =>
      adapter.process(req, res, async (context) => {
        // once something left for the person, the turn cannot simply run again
        context.onSendActivities(async (_ctx, activities, next) => {
          const unit = currentUnit();
          if (unit) unit.sent = true;
          return next();
        });
        // a unit of work per turn: when its change meets one made meanwhile (another turn, another
        // instance) before it wrote or sent anything, it runs again on fresh data
        await withRetry(() => app.run(context), {
          onRetry: (err, attempt) => deps.logger.info({ attempt, keys: err.keys }, 'turn ran again after a conflict'),
        });
      }),
    );
  });

  for (const route of deps.routes.routes) {
    server.get(route.path, async (req, res) => {
      // a unit of work of its own (what it reads is checked when it writes), as a turn is
      await inUnit(async () => route.handler(req, res));
    });
  }

  server.get('/healthz', async (_req, res) => {
    const { status, body } = await healthReport(deps).catch((err: unknown) => ({
      status: 503,
      body: { status: 'degraded', reason: 'database-unreachable', error: String((err as Error)?.message ?? err) },
    }));
    res.send(status, body);
  });

  return server;
}
