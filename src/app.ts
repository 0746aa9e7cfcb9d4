// Deep imports: the package index also loads its language-model parts (embeddings, axios …), ~0.3 s a start.
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import type { TurnState } from '@microsoft/teams-ai';
import { CallerIdConstants, type TurnContext } from 'botbuilder';
import { AuthenticationConstants as Auth } from 'botframework-connector';
import type { Deps } from './deps.js';
import type { Config } from './config.js';
import { registerIdentity } from './identity/register.js';
import { trOf } from './identity/turn-context.js';
import { invokeText } from './cards/reply.js';
import { unauthorizedOnAnyAuthFailure } from './http/auth.js';
import { ConflictError, StoreUnavailableError } from './store/errors.js';

/** The Bot Framework adapter: no authentication in local mode, full JWT validation otherwise. */
export function createAdapter(config: Config): TeamsAdapter {
  if (config.localMode) return new TeamsAdapter({});
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.botId,
    MicrosoftAppPassword: config.botPassword,
    MicrosoftAppType: config.botType,
    MicrosoftAppTenantId: config.botTenantId,
    // Overriding one endpoint switches botbuilder to fully parameterized settings: give all of them.
    ...(config.openIdMetadataUrl
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: Auth.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: Auth.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: Auth.ToBotFromChannelTokenIssuer,
          OAuthUrl: Auth.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: Auth.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  });
  unauthorizedOnAnyAuthFailure(adapter);
  return adapter;
}

/** What registers the features' routes, in order (`features/index.ts`'s `registerFeatures`). */
export type RegisterFeatures = (app: Application<TurnState>, deps: Deps) => void;

/**
 * Builds the teams-ai application: identity before every route, then the features `registerFeatures`
 * adds (passed in, so the app shell knows no feature), then the error handler. No module-level state.
 */
export function createApp(deps: Deps, adapter: TeamsAdapter, registerFeatures: RegisterFeatures): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId: deps.config.botId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  registerIdentity(app, deps);
  registerFeatures(app, deps);
  app.error(async (context: TurnContext, err: Error) => {
    const a = context.activity;
    const cause = causeOf(err);
    deps.logger[cause !== 'other' ? 'warn' : 'error'](
      { err, activityId: a.id, type: a.type, conversation: a.conversation?.id, name: a.name },
      'unhandled error in turn',
    );
    // a change the store could not write was undone: say so, so the person tries again later
    const text = trOf(context)(
      cause === 'conflict' ? 'error.conflict' : cause === 'database' ? 'error.databaseDown' : cause === 'store' ? 'error.notSaved' : 'error.generic',
    );
    try {
      if (a.type === 'invoke') await context.sendActivity(invokeText(a, text));
      else if (a.type === 'message') await context.sendActivity(text);
    } catch (sendErr) {
      deps.logger.error({ err: sendErr }, 'could not tell the person about the error');
    }
  });
  return app;
}

/**
 * Why the turn failed, also when wrapped: the store refused or could not write its change, the
 * database could not be reached, or someone else changed the same record at the same moment.
 */
function causeOf(err: unknown): 'store' | 'database' | 'conflict' | 'other' {
  for (let e = err, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    if (e instanceof ConflictError) return 'conflict';
    if (e instanceof StoreUnavailableError) return e.failure === 'database' ? 'database' : 'store';
  }
  return 'other';
}
