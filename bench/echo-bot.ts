// The bare stack the bench compares against: botbuilder's CloudAdapter on restify, built and started
// exactly as the KSF bot is (an esbuild bundle run by the same loader with V8's code cache, see
// scripts/bundle.mjs). It has the KSF bot's two kinds of turn: a message is answered by POSTing a
// reply to the connector, a card button (an adaptiveCard/action invoke) by an invoke response
// holding the card that replaces it.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer();
server.use(restify.plugins.bodyParser());

async function turn(context: TurnContext): Promise<void> {
  const a = context.activity;
  if (a.type === 'message') await context.sendActivity(`echo: ${a.text}`);
  else if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `echo: ${String(a.value?.action?.verb)}`, wrap: true }] };
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
    });
  }
}

server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, turn);
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { ok: true });
  return next();
});
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => {
  // the loader (src/boot.cjs) writes V8's code cache now that a start has run, as for the KSF bot
  (globalThis as { ksfStarted?: () => void }).ksfStarted?.();
});
