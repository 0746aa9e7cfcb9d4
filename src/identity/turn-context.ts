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

const WHO = Symbol('ksf.who');

/** Who sent an activity, as far as the channel vouches for it. */
export interface Sender {
  personId: string;
  tenantId: string | undefined;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * Authenticated (Teams): only the Entra object id and the conversation's tenant, which Teams sets;
 * `from.id` and `channelData` are not trusted there. Local mode (Playground, tests): the channel
 * user id and the tenant in `channelData` as fallbacks. Undefined when nobody can be named.
 */
export function senderOf(activity: TurnContext['activity'], localMode: boolean): Sender | undefined {
  const a = activity;
  if (!localMode) {
    const personId = nonEmpty(a.from?.aadObjectId);
    return personId ? { personId, tenantId: nonEmpty(a.conversation?.tenantId) } : undefined;
  }
  const personId = nonEmpty(a.from?.aadObjectId) ?? nonEmpty(a.from?.id);
  const tenantId = nonEmpty(a.conversation?.tenantId) ?? nonEmpty((a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id);
  return personId ? { personId, tenantId } : undefined;
}

export function setSender(context: TurnContext, sender: Sender | undefined): void {
  context.turnState.set(WHO, sender);
}

/** The person id of this turn's sender (set before any route runs); empty when there is none. */
export function personKey(context: TurnContext): string {
  return (context.turnState.get(WHO) as Sender | undefined)?.personId ?? '';
}

/** The tenant of this turn's conversation (set before any route runs). */
export function tenantOf(context: TurnContext): string | undefined {
  return (context.turnState.get(WHO) as Sender | undefined)?.tenantId;
}
