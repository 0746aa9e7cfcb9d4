import type { Deps } from '../deps.js';
import type { OutboxMessage } from '../domain/outbox.js';
import type { Language } from '../domain/people.js';
import { resolveIdentity } from '../domain/identity.js';
import { translator, type Translate } from '../i18n/index.js';
import { attachment, type AdaptiveCard } from '../cards/templates.js';

/** The language a stored person reads: their choice > målform > the locale of their chat > bokmål. */
export function languageOfPerson(deps: Deps, personId: string): Language {
  const person = deps.store.people.get(personId);
  if (!person) return 'nb';
  const conv = deps.store.conversations.personalOf(personId);
  return resolveIdentity(deps.directory, deps.config.admins, person, conv?.reference.locale as string | undefined).language;
}

/**
 * Builds an outbox message to one person, in their language, to be committed together with the
 * change that causes it. Without a stored 1:1 conversation it is recorded as not installed.
 */
export function messageTo(
  deps: Deps,
  personId: string | undefined,
  kind: string,
  subject: string,
  build: (tr: Translate, lang: Language) => AdaptiveCard | string,
): OutboxMessage {
  const now = deps.clock.now();
  const lang = personId ? languageOfPerson(deps, personId) : 'nb';
  const content = build(translator(lang), lang);
  const conv = personId ? deps.store.conversations.personalOf(personId) : undefined;
  return {
    id: deps.store.outbox.newId(now),
    kind,
    subject,
    personId,
    recipientName: personId ? deps.store.people.get(personId)?.name : undefined,
    conversationId: conv?.id,
    activity: typeof content === 'string' ? { type: 'message', text: content } : { type: 'message', attachments: [attachment(content)] },
    status: conv ? 'pending' : 'not-installed',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
    ...(conv ? {} : { error: 'no stored conversation reference' }),
  };
}

/** Person ids of the municipality's contact persons who have talked to the bot. */
export function contactPersonIds(deps: Deps, municipality: string): string[] {
  return deps.directory
    .contactsOf(municipality)
    .map((p) => deps.store.people.findByEmail(p.email)?.id)
    .filter((id): id is string => !!id);
}
