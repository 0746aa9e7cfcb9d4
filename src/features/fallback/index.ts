import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { trOf } from '../../identity/turn-context.js';

/** Registered last: anything not understood gets a pointer to the menu. */
export function register(app: Application<TurnState>, _deps: Deps): void {
  app.activity('message', async (context) => {
    await context.sendActivity(trOf(context)('fallback.unknown'));
  });
}
