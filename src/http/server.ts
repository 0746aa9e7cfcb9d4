import restify from 'restify';
import { z } from 'zod';
import type { TeamsAdapter, Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../deps.js';
import { healthReport } from './health.js';

/** The HTTP surface: the Bot Framework endpoint and a health check. */
export function createServer(deps: Deps, adapter: TeamsAdapter, app: Application<TurnState>): restify.Server {
  const server = restify.createServer({ name: 'ksf-bot', handleUncaughtExceptions: false, maxParamLength: 512 } as restify.ServerOptions);
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  // The shape every activity the Bot Connector sends has; anything else is the caller's mistake (400),
  // never a crash inside the SDK (500).
  const activityShape = z.object({
    type: z.string().min(1).max(100),
    channelId: z.string().max(100).optional(),
    serviceUrl: z.string().url().max(2000),
    conversation: z.object({ id: z.string().min(1).max(1000) }).passthrough(),
    from: z.object({ id: z.string().min(1).max(1000) }).passthrough(),
    recipient: z.object({ id: z.string().max(1000) }).passthrough().optional(),
    text: z.string().max(100_000).optional(),
  }).passthrough();

  server.post('/api/messages', async (req, res) => {
    if (!activityShape.safeParse(req.body).success) {
      res.send(400, { error: 'not a Bot Framework activity' });
      return;
    }
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });

  for (const route of deps.routes.routes) {
    server.get(route.path, async (req, res) => {
      await route.handler(req, res);
    });
  }

  server.get('/healthz', (_req, res, next) => {
    const { status, body } = healthReport(deps);
    res.send(status, body);
    return next();
  });

  return server;
}
