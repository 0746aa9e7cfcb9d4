import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Identity } from '../domain/identity.js';
import { identityOf, trOf } from '../identity/turn-context.js';

/**
 * The one way features take Action.Execute verbs: the person must be known, the payload must pass
 * its zod schema (else words, and the attempt is logged), and the handler gets typed data.
 */
export function actions(app: Application<TurnState>, log: Logger) {
  const refuse = (context: TurnContext, verb: string, data: unknown) =>
    log.warn({ personId: identityOf(context)?.personId, verb, data }, 'refused: not allowed or not valid');
  const execute = <S extends z.ZodTypeAny>(verb: string, schema: S, handler: (context: TurnContext, identity: Identity, data: z.infer<S>) => Promise<unknown>) => {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const identity = identityOf(context);
      if (!identity) return trOf(context)('onboarding.required');
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        refuse(context, verb, data);
        return trOf(context)('error.invalidCard');
      }
      return (await handler(context, identity, parsed.data)) as never;
    });
  };
  return { execute, refuse };
}
