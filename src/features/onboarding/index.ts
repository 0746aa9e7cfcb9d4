import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { identityOf, personKey, tenantOf, trOf } from '../../identity/turn-context.js';
import { isNewConversation, rosterEntry } from '../../identity/register.js';
import { welcomeCard, noticeCard } from '../../cards/render.js';
import { onboardingFor } from '../../identity/ask-municipality.js';
import { VERBS } from '../../cards/verbs.js';
import { ACTION_SCHEMAS } from '../../cards/actions.js';
import { translator } from '../../i18n/index.js';
import { send } from '../reply.js';
import { rolesInline } from '../roles.js';
import { resolveIdentity } from '../../domain/identity.js';
import { waitingCard } from './waiting.js';

// parsed here rather than by actions(): a person not known yet registers, and a bad card gets the question again
const registration = ACTION_SCHEMAS[VERBS.register];

/** True in a team channel or a group chat (anything but the 1:1 chat with the bot). */
function isShared(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat';
}

/** Welcome on install; asks unknown people which municipality they work for; forgets uninstalled chats. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'onboarding' });

  const welcome = async (context: TurnContext) => {
    if (!isNewConversation(context)) return;
    const tr = trOf(context);
    // A team channel (or group chat) is read by everyone in it: no name, roles or municipality there.
    if (isShared(context)) {
      await send(context, noticeCard(tr('welcome.team.title'), tr('welcome.team.text')));
      return;
    }
    const identity = identityOf(context);
    const you = identity
      ? tr('welcome.you', {
          roles: rolesInline(tr, identity.roles),
          municipality: deps.directory.municipality(identity.municipality)?.name ?? identity.municipality,
        })
      : tr('welcome.unknown');
    await send(context, welcomeCard(tr, { you }));
    if (!identity) return void (await send(context, onboardingFor(context, deps)));
    if ((context.activity.conversation?.conversationType ?? 'personal') !== 'personal') return;
    // What came in before the person installed: calls still open are delivered now, and they hear what waits.
    const items = await deps.arrivals.arrive(identity, tr, log);
    if (items.some((i) => i.count > 0))
      await send(context, waitingCard(tr, deps.directory.municipality(identity.municipality)?.name ?? identity.municipality, items));
  };

  const forget = async (context: TurnContext) => {
    await deps.store.conversations.remove(context.activity.conversation.id);
    log.info({ conversation: context.activity.conversation.id }, 'bot removed: conversation reference deleted');
  };

  app.activity('installationUpdate', async (context) => {
    const action = context.activity.action ?? 'add';
    if (action.startsWith('remove')) await forget(context);
    else await welcome(context);
  });

  app.conversationUpdate('membersAdded', async (context) => {
    if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await welcome(context);
  });

  app.conversationUpdate('membersRemoved', async (context) => {
    if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id)) await forget(context);
  });

  app.adaptiveCards.actionExecute(VERBS.register, async (context, _state, data) => {
    const parsed = registration.safeParse(data);
    const lang = parsed.success ? parsed.data.lang : undefined;
    const existing = identityOf(context);
    if (existing) {
      const tr = translator(existing.language);
      return noticeCard(
        tr('onboarding.title'),
        tr('welcome.you', { roles: rolesInline(tr, existing.roles), municipality: deps.directory.municipality(existing.municipality)?.name ?? '' }),
      );
    }
    const municipality = parsed.success ? deps.directory.municipality(parsed.data.municipality) : undefined;
    if (!municipality) {
      const tr = lang ? translator(lang) : trOf(context);
      return onboardingFor(context, deps, lang, tr('onboarding.unknownMunicipality'));
    }
    const member = await rosterEntry(context, deps);
    const now = deps.clock.now().toISOString();
    const person = {
      id: personKey(context),
      tenantId: tenantOf(context) ?? '',
      name: member?.name ?? context.activity.from.name ?? '',
      email: (member?.email ?? member?.userPrincipalName)?.toLowerCase(),
      municipality: municipality.number,
      selfRegistered: true,
      language: lang,
      linkedAt: now,
      updatedAt: now,
    };
    await deps.store.people.save(person);
    const identity = resolveIdentity(deps.directory, deps.config.admins, person, context.activity.locale);
    const tr = translator(identity.language);
    log.info({ personId: person.id, municipality: municipality.number }, 'self-registered employee');
    return noticeCard(tr('onboarding.title'), `${tr('onboarding.done', { name: identity.name, municipality: municipality.name })}\n\n${tr('welcome.help')}`);
  });
}
