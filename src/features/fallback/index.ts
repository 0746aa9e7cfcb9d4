import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { invokeMessage } from '../reply.js';

/** Registered last: anything not understood gets words, never an error status. */
export function register(app: Application<TurnState>, deps: Deps): void {
  app.activity('message', async (context) => {
    await context.sendActivity(trOf(context)('fallback.unknown'));
  });
  // An unknown verb or invoke (a stale card, a forged payload): tell the person, answer 200, log it.
  app.activity('invoke', async (context) => {
    deps.logger.warn({ personId: identityOf(context)?.personId, name: context.activity.name }, 'refused: unknown invoke');
    if (context.activity.name === 'adaptiveCard/action') await context.sendActivity(invokeMessage(trOf(context)('error.invalidCard')));
    else await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {} } });
  });
}
