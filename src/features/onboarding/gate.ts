import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { onboardingFor } from '../../identity/ask-municipality.js';
import { send } from '../reply.js';
import { command, commandWithArgument } from '../commands.js';

/** Commands an unregistered person may still use. */
export const OPEN_COMMANDS = [command('command.help'), command('command.myData'), command('command.deleteMyData'), commandWithArgument('command.language')];

/** A message from someone the bot does not know yet (no municipality), other than an open command. */
export function isGated(context: TurnContext): boolean {
  return context.activity.type === 'message' && !identityOf(context) && !OPEN_COMMANDS.some((c) => c.test(context.activity.text));
}

/**
 * The unknown-person gate, registered before every feature (features/index.ts): until someone has
 * told us their municipality, every message but the open commands gets the question. Message
 * handlers take the person through `withIdentity` (features/actions.ts), card actions through
 * `actions()`: both refuse an unknown person themselves, so no handler depends on this order.
 */
export function registerGate(app: Application<TurnState>, deps: Deps): void {
  // (a function selector is called for every activity type: isGated checks the type itself)
  app.message(
    async (context) => isGated(context),
    async (context) => {
      await send(context, trOf(context)('onboarding.required'));
      await send(context, onboardingFor(context, deps));
    },
  );
}
