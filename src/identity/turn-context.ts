import type { TurnContext } from 'botbuilder';
import type { Identity } from '../domain/identity.js';
import { languageFromLocale } from '../domain/language.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Language } from '../domain/people.js';

const IDENTITY = Symbol('ksf.identity');

export function setIdentity(context: TurnContext, identity: Identity | undefined): void {
  context.turnState.set(IDENTITY, identity);
}

/** The person behind this turn, or undefined while they have not told us their municipality. */
export function identityOf(context: TurnContext): Identity | undefined {
  return context.turnState.get(IDENTITY) as Identity | undefined;
}

/** The language to answer in: the person's, else the Teams locale's, else bokmål. */
export function languageOf(context: TurnContext): Language {
  return identityOf(context)?.language ?? languageFromLocale(context.activity.locale) ?? 'nb';
}

export function trOf(context: TurnContext): Translate {
  return translator(languageOf(context));
}

/** Aad object id when Teams gives one (it always does in Teams), else the channel user id. */
export function personKey(context: TurnContext): string {
  return context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'unknown';
}

/** The tenant of the conversation (Teams puts it in two places). */
export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}
