import type { Deps } from '../deps.js';
import type { OutboxMessage, RenderRequest } from '../domain/outbox.js';
import type { Language } from '../domain/people.js';
import { resolveIdentity } from '../domain/identity.js';
import { translator, type Translate } from '../i18n/index.js';
import { attachment, type AdaptiveCard } from '../cards/templates.js';

/** What a notice builder returns: a card or a plain text. */
export type Notice = AdaptiveCard | string;

/** The activity that carries a notice. */
export function activityOf(content: Notice): Record<string, unknown> {
  return typeof content === 'string' ? { type: 'message', text: content } : { type: 'message', attachments: [attachment(content)] };
}

/** The language a stored person reads: their choice > målform > the locale of their chat > bokmål. */
export async function languageOfPerson(deps: Deps, personId: string): Promise<Language> {
  const person = await deps.store.people.get(personId);
  if (!person) return 'nb';
  const conv = await deps.store.conversations.personalOf(personId);
  return resolveIdentity(deps.directory, deps.config.admins, person, conv?.reference.locale as string | undefined).language;
}

/**
 * Renders a notice to one person in the language they read now: at enqueue time for
 * {@link messageTo}, at send time in a renderer registered for {@link renderRequestTo}.
 */
export async function noticeFor(
  deps: Deps,
  personId: string | undefined,
  build: (tr: Translate, lang: Language) => Notice | Promise<Notice>,
): Promise<Record<string, unknown>> {
  const lang = personId ? await languageOfPerson(deps, personId) : 'nb';
  return activityOf(await build(translator(lang), lang));
}

/**
 * Builds an outbox message to one person, as a finished activity in their language, to be
 * committed together with the change that causes it. Without a stored 1:1 conversation it is
 * recorded as not installed.
 */
export async function messageTo(
  deps: Deps,
  personId: string | undefined,
  kind: string,
  subject: string,
  build: (tr: Translate, lang: Language) => Notice | Promise<Notice>,
): Promise<OutboxMessage> {
  return envelope(deps, personId, kind, subject, { activity: await noticeFor(deps, personId, build) });
}

/**
 * Builds an outbox message that is rendered when it is sent (it may wait for working hours): the
 * renderer a feature registered with `deps.outbox.registerRenderer` gets `data` then, and the
 * person reads it in the language and with the figures of that moment.
 */
export function renderRequestTo(deps: Deps, personId: string | undefined, kind: string, subject: string, render: RenderRequest): Promise<OutboxMessage> {
  return envelope(deps, personId, kind, subject, { render });
}

async function envelope(
  deps: Deps,
  personId: string | undefined,
  kind: string,
  subject: string,
  content: Pick<OutboxMessage, 'activity' | 'render'>,
): Promise<OutboxMessage> {
  const now = deps.clock.now();
  const conv = personId ? await deps.store.conversations.personalOf(personId) : undefined;
  return {
    id: deps.store.outbox.newId(now),
    kind,
    subject,
    personId,
    recipientName: personId ? (await deps.store.people.get(personId))?.name : undefined,
    conversationId: conv?.id,
    ...content,
    status: conv ? 'pending' : 'not-installed',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
    ...(conv ? {} : { error: 'no stored conversation reference' }),
  };
}

/** Person ids of the municipality's contact persons who have talked to the bot. */
export async function contactPersonIds(deps: Deps, municipality: string): Promise<string[]> {
  const found = await Promise.all(deps.directory.contactsOf(municipality).map((p) => deps.store.people.findByEmail(p.email)));
  return found.map((p) => p?.id).filter((id): id is string => !!id);
}
