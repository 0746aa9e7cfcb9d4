// The bare stack: botbuilder's CloudAdapter on restify answering every message with an echo.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
  });
});
server.get('/healthz', (_req, res, next) => { res.send(200, { ok: true }); return next(); });
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
