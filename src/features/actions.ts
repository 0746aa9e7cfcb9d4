import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import type { Identity } from '../domain/identity.js';
import { identityOf, trOf } from '../identity/turn-context.js';
import { personalDataField } from '../domain/free-text.js';
import { ACTION_SCHEMAS, type ActionData } from '../cards/actions.js';
import { VERBS, type Verb } from '../cards/verbs.js';

/** True when Teams asks for a card's current state as it is shown (Universal Actions `refresh`). */
export function isRefresh(context: TurnContext): boolean {
  return (context.activity.value as { trigger?: string } | undefined)?.trigger === 'automatic';
}

/** The Teams user id (`29:…`) of the person in this turn: what a card's `refresh.userIds` lists. */
export function teamsUserId(context: TurnContext): string | undefined {
  return context.activity.from?.id;
}

/**
 * Verbs whose card is one person's view of a record (what they may see of it): in a group chat or
 * channel (a need card shared there) it is shown to the person who pressed, never put in place of
 * the message everyone sees.
 */
const PERSONAL_VIEWS: ReadonlySet<string> = new Set([VERBS.openNeed]);

/**
 * A message handler for a known person. The gate (`features/onboarding/gate.ts`, registered before
 * every feature) asks everyone else for their municipality; should a route ever run before it,
 * an unknown person is told to register here too instead of reaching the handler.
 */
export function withIdentity(handler: (context: TurnContext, identity: Identity) => Promise<void>): (context: TurnContext, state: TurnState) => Promise<void> {
  return async (context) => {
    const identity = identityOf(context);
    if (!identity) return void (await context.sendActivity(trOf(context)('onboarding.required')));
    await handler(context, identity);
  };
}

/**
 * The one way features take Action.Execute verbs: the payload must pass its verb's schema in the
 * registry (`cards/actions.ts`; else words, and the attempt is logged; a fødselsnummer in a free
 * text is named by its field), and the handler gets typed data. `execute` also requires a known
 * person; `anyone` serves people the bot does not know yet (language, their own data).
 */
export function actions(app: Application<TurnState>, log: Logger) {
  const refuse = (context: TurnContext, verb: string, data: unknown) =>
    log.warn({ personId: identityOf(context)?.personId, verb, data }, 'refused: not allowed or not valid');
  const take = <V extends Verb>(
    verb: V,
    known: boolean,
    handler: (context: TurnContext, identity: Identity | undefined, data: ActionData<V>) => Promise<unknown>,
  ) => {
    const schema = ACTION_SCHEMAS[verb];
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const identity = identityOf(context);
      if (known && !identity) return trOf(context)('onboarding.required');
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        const field = personalDataField(parsed.error);
        // a fødselsnummer in a free text: say which field, in words, and store nothing
        if (field) {
          log.warn({ personId: identity?.personId, verb, field }, 'refused: national identity number in free text');
          return trOf(context)('error.personalData', { field: trOf(context)(field) });
        }
        refuse(context, verb, data);
        return trOf(context)('error.invalidCard');
      }
      const result = await handler(context, identity, parsed.data as ActionData<V>);
      if (
        result &&
        typeof result === 'object' &&
        (context.activity.conversation?.conversationType === 'personal' || isRefresh(context) || PERSONAL_VIEWS.has(verb))
      ) {
        // In a 1:1 chat the person who clicked is the only one who sees the card: answer with the
        // card at once. (teams-ai would first PUT the card to the chat when it has `refresh`, a
        // round trip to Teams that changes nothing anyone sees here.) A refresh is one viewer's card
        // anywhere: it must never replace the message for everyone.
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result } },
        });
      }
      return result as never;
    });
  };
  const execute = <V extends Verb>(verb: V, handler: (context: TurnContext, identity: Identity, data: ActionData<V>) => Promise<unknown>) =>
    take(verb, true, (context, identity, data) => handler(context, identity!, data));
  const anyone = <V extends Verb>(verb: V, handler: (context: TurnContext, data: ActionData<V>) => Promise<unknown>) =>
    take(verb, false, (context, _identity, data) => handler(context, data));
  return { execute, anyone, refuse };
}
