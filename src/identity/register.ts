import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../deps.js';
import { resolveIdentity, tenantAllowed } from '../domain/identity.js';
import type { ConversationRecord, PersonRecord } from '../domain/people.js';
import { senderOf, setIdentity, setSender, trOf } from './turn-context.js';
import { invokeText, isComposeExtension } from '../cards/reply.js';
import { MENU_COMMAND } from '../cards/actions.js';
import { withRetry } from '../store/unit.js';

/** Activities that carry a person talking to us (as opposed to Teams telling us about events). */
function isPersonTurn(context: TurnContext): boolean {
  const type = context.activity.type;
  return type === 'message' || type === 'invoke' || type === 'installationUpdate' || type === 'conversationUpdate';
}

function isRemoval(context: TurnContext): boolean {
  const a = context.activity;
  if (a.type === 'installationUpdate') return a.action === 'remove' || a.action === 'remove-upgrade';
  if (a.type === 'conversationUpdate') return !!a.membersRemoved?.some((m) => m.id === a.recipient.id);
  return false;
}

/**
 * Runs before every route: refuses tenants that are not allowed, keeps the conversation
 * reference, and links the Teams user to a person (by Entra id, or once by e-mail from the roster).
 */
export function registerIdentity(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'identity' });
  // Teams (and the Playground) send installationUpdate and conversationUpdate at once: link once.
  const inFlight = new Map<string, Promise<PersonRecord | undefined>>();
  const linking = (key: string, link: () => Promise<PersonRecord | undefined>) => {
    let p = inFlight.get(key);
    if (!p) {
      p = link().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };

  app.turn('beforeTurn', async (context) => {
    const sender = senderOf(context.activity, deps.config.localMode);
    setSender(context, sender);
    if (!isPersonTurn(context)) return true;
    if (!sender) {
      log.warn({ activity: context.activity.type, channelId: context.activity.channelId }, 'refused: the channel names no Entra user');
      await refuse(context, trOf(context)('identity.unknown'));
      return false;
    }
    commandFromButton(context);
    const tenantId = sender.tenantId;
    if (!tenantAllowed(deps.config.allowedTenants, tenantId)) {
      log.warn({ tenantId, activity: context.activity.type }, 'refused: tenant not allowed');
      await refuse(context, trOf(context)('tenant.refused'));
      return false;
    }
    if (isRemoval(context)) return true;

    const key = sender.personId;
    // a message extension may be used in any chat, also one the bot is not in: no reference to keep there
    if (!isComposeExtension(context.activity) && (await keepConversation(context, deps, key, tenantId ?? ''))) context.turnState.set(NEW_CONVERSATION, true);
    let person = await deps.store.people.get(key);
    if (!person) person = await linking(key, () => linkFromDirectory(context, deps, key, tenantId ?? ''));
    if (person) setIdentity(context, resolveIdentity(deps.directory, deps.config.admins, person, context.activity.locale));
    return true;
  });
}

/**
 * Menu buttons (Action.Submit) send `{ ksfCommand }` as the message value with no text; the
 * command is routed as if typed. (imBack/messageBack buttons do nothing in the Agents Playground.)
 */
function commandFromButton(context: TurnContext): void {
  const a = context.activity;
  const button = MENU_COMMAND.safeParse(a.value);
  if (a.type === 'message' && !a.text?.trim() && button.success) a.text = button.data.ksfCommand;
}

async function refuse(context: TurnContext, text: string): Promise<void> {
  const a = context.activity;
  if (a.type === 'invoke') await context.sendActivity(invokeText(a, text));
  else if (a.type === 'message' || (a.type === 'installationUpdate' && a.action === 'add')) await context.sendActivity(text);
}

const NEW_CONVERSATION = Symbol('ksf.newConversation');

/** True when this turn is the first the bot has seen of its conversation (install, or after uninstall). */
export function isNewConversation(context: TurnContext): boolean {
  return context.turnState.get(NEW_CONVERSATION) === true;
}

const cap = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/**
 * What a proactive message needs of this conversation, and nothing more: the activity's other
 * fields (the sender, arbitrary extra properties) are not stored, and every string is capped.
 */
export function referenceOf(a: TurnContext['activity']): Record<string, unknown> {
  const conversation = a.conversation;
  return {
    ...(typeof a.id === 'string' ? { activityId: cap(a.id, 1000) } : {}),
    bot: { id: cap(a.recipient?.id, 1000) ?? '', name: cap(a.recipient?.name, 200) ?? '' },
    conversation: {
      id: cap(conversation.id, 1000),
      ...(typeof conversation.conversationType === 'string' ? { conversationType: cap(conversation.conversationType, 100) } : {}),
      ...(typeof conversation.tenantId === 'string' ? { tenantId: cap(conversation.tenantId, 100) } : {}),
    },
    channelId: cap(a.channelId, 100),
    serviceUrl: cap(a.serviceUrl, 2000),
    ...(typeof a.locale === 'string' ? { locale: cap(a.locale, 100) } : {}),
  };
}

/** Stores the conversation reference when it is new or changed; returns true when it was new. */
async function keepConversation(context: TurnContext, deps: Deps, personId: string, tenantId: string): Promise<boolean> {
  const a = context.activity;
  const convType = a.conversation?.conversationType;
  const scope: ConversationRecord['scope'] = convType === 'channel' ? 'team' : convType === 'groupChat' ? 'groupChat' : 'personal';
  const existing = await deps.store.conversations.get(a.conversation.id);
  // the Teams user id (29:…) of a 1:1 chat: cards sent there list it in their refresh's userIds
  const userId = scope === 'personal' && typeof a.from?.id === 'string' ? cap(a.from.id, 1000) : undefined;
  if (
    existing &&
    existing.reference.serviceUrl === a.serviceUrl &&
    existing.personId === (scope === 'personal' ? personId : existing.personId) &&
    existing.userId === userId
  )
    return false;
  const record: ConversationRecord = {
    id: a.conversation.id,
    personId: scope === 'personal' ? personId : undefined,
    ...(userId ? { userId } : {}),
    scope,
    tenantId,
    reference: referenceOf(a),
    savedAt: deps.clock.now().toISOString(),
  };
  // a unit of work of its own (the same reference from two instances at once: either may win): a
  // commit in the turn's own unit would keep the person's actual change from running again after a
  // conflict with another instance (see withRetry), so one of two answers given at once was refused
  await withRetry(() => deps.store.conversations.save(record));
  return !existing;
}

async function linkFromDirectory(context: TurnContext, deps: Deps, key: string, tenantId: string): Promise<PersonRecord | undefined> {
  const member = await rosterEntry(context, deps);
  const entry = [member?.email, member?.userPrincipalName]
    .filter((e): e is string => !!e)
    .map((e) => deps.directory.personByEmail(e))
    .find(Boolean);
  const isAdmin = [member?.email, member?.userPrincipalName].some((e) => e && deps.config.admins.includes(e.toLowerCase()));
  if (!entry && !isAdmin) return undefined;
  const now = deps.clock.now().toISOString();
  const person: PersonRecord = {
    id: key,
    tenantId,
    name: entry?.name ?? member?.name ?? context.activity.from.name ?? '',
    email: (entry?.email ?? member?.email ?? member?.userPrincipalName)?.toLowerCase(),
    municipality: entry?.municipality ?? deps.directory.municipalityForTenant(tenantId)?.number ?? '',
    selfRegistered: false,
    linkedAt: now,
    updatedAt: now,
  };
  if (!person.municipality) return undefined;
  await deps.store.people.save(person);
  deps.logger.info({ personId: key }, 'linked person to the directory');
  return person;
}

/** The roster entry (e-mail, UPN) of the sender, or undefined when Teams cannot tell us. */
export async function rosterEntry(context: TurnContext, deps: Deps) {
  try {
    return await TeamsInfo.getMember(context, context.activity.from.id);
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message }, 'could not read the roster entry');
    return undefined;
  }
}
