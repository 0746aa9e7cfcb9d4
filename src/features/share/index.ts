import type { Application, TurnState } from '@microsoft/teams-ai';
import type { MessagingExtensionResult as Result, TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { canSee } from '../../domain/needs/scope.js';
import { findNeeds, visibleByRef } from './search.js';
import { linkValue, MAX_RESULTS, queryValue, referenceInLink, SEARCH_COMMAND, SEARCH_PARAMETER, selectValue } from './schemas.js';
import { cardResult, messageResult, previewOf, resultList, sharedNeedView } from './views.js';

/**
 * Needs shared from any chat: a search-based message extension (find the needs one may see, insert
 * a card with what anyone in the chat may see) and unfurling of the bot's own links to a need.
 */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'share' });
  const name = (n: Need) => deps.directory.municipality(n.municipality)?.name ?? n.municipality;
  /** The handler for a known person; anyone else is told to open the bot first, in their language. */
  const known =
    (handler: (context: TurnContext, identity: Identity) => Promise<Result>) =>
    async (context: TurnContext): Promise<Result> => {
      const identity = identityOf(context);
      if (!identity) return messageResult(trOf(context)('share.openBotFirst'));
      return handler(context, identity);
    };
  const invalid = (context: TurnContext, what: string) => {
    log.warn({ personId: identityOf(context)?.personId, invoke: what }, 'refused: message extension invoke not valid');
    return messageResult(trOf(context)('share.invalid'));
  };

  // Malformed values are answered before teams-ai reads them (it flattens `parameters` itself and
  // would fail on a non-array): one route, registered first, says so in words.
  const SCHEMAS: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
    'composeExtension/query': queryValue.refine((v) => v.commandId === SEARCH_COMMAND),
    'composeExtension/selectItem': selectValue,
  };
  app.addRoute(
    async (context) => {
      const schema = context.activity.type === 'invoke' ? SCHEMAS[context.activity.name ?? ''] : undefined;
      return !!schema && !schema.safeParse(context.activity.value).success;
    },
    async (context) => {
      const a = context.activity;
      const text = identityOf(context) ? invalid(context, a.name ?? '') : messageResult(trOf(context)('share.openBotFirst'));
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { composeExtension: text } } });
    },
    true,
  );

  // every search command (the route above has answered an unknown one or a malformed value)
  app.messageExtensions.query(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'composeExtension/query',
    known(async (context, identity) => {
      const tr = trOf(context);
      const parsed = queryValue.safeParse(context.activity.value);
      if (!parsed.success || parsed.data.commandId !== SEARCH_COMMAND) return invalid(context, 'query');
      const { parameters, queryOptions } = parsed.data;
      const raw = parameters.find((p) => p.name === SEARCH_PARAMETER)?.value;
      const text = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
      const count = Math.min(queryOptions?.count ?? MAX_RESULTS, MAX_RESULTS);
      const found = await findNeeds(deps, identity, text, queryOptions?.skip ?? 0, count);
      if (!found.length && !(queryOptions?.skip ?? 0)) return messageResult(text ? tr('share.noResults', { query: text }) : tr('share.noNeeds'));
      return resultList(found.map((n) => previewOf(n, name(n), tr)));
    }),
  );

  app.messageExtensions.selectItem(
    known(async (context, identity) => {
      const tr = trOf(context);
      const parsed = selectValue.safeParse(context.activity.value);
      if (!parsed.success) return invalid(context, 'selectItem');
      const need = await deps.store.needs.get(parsed.data.needId);
      if (!need || !canSee(identity, need, deps.directory)) return messageResult(tr('share.notFound'));
      return cardResult(sharedNeedView(need, name(need), tr), need, name(need), tr);
    }),
  );

  // a link to a need unfurls only for someone who may see it; anyone else gets no preview at all
  app.messageExtensions.queryLink(async (context) => {
    const identity = identityOf(context);
    const parsed = linkValue.safeParse(context.activity.value);
    const ref = parsed.success ? referenceInLink(parsed.data.url, deps.config.publicUrl) : undefined;
    const need = identity && ref ? await visibleByRef(deps, identity, ref) : undefined;
    if (!need) return resultList([]);
    const tr = trOf(context);
    return cardResult(sharedNeedView(need, name(need), tr), need, name(need), tr);
  });
}
