import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { personKey, trOf } from '../../identity/turn-context.js';
import { confirmCard, myDataCard, noticeCard } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { formatDate, type Translate } from '../../i18n/index.js';
import { languageOf } from '../../identity/turn-context.js';
import { send } from '../reply.js';
import { command } from '../commands.js';

/** GDPR: `mine data` shows everything stored about me; `slett mine data` erases it after a confirmation. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'privacy' });
  deps.menu.add({ title: 'menu.myData', command: 'command.myData', allowed: () => true, order: 90 });

  const confirmation = (tr: Translate) =>
    confirmCard({
      title: tr('delete.title'),
      body: tr('delete.body'),
      confirmLabel: tr('delete.confirm'),
      cancelLabel: tr('delete.cancel'),
      confirmVerb: VERBS.confirmDelete,
      cancelVerb: VERBS.cancelDelete,
    });

  app.message(command('command.myData'), async (context) => {
    await send(context, myData(context, deps));
  });

  app.message(command('command.deleteMyData'), async (context) => {
    await send(context, confirmation(trOf(context)));
  });

  app.adaptiveCards.actionExecute(VERBS.askDelete, async (context) => confirmation(trOf(context)));

  app.adaptiveCards.actionExecute(VERBS.cancelDelete, async (context) => {
    const tr = trOf(context);
    return noticeCard(tr('delete.title'), tr('delete.cancelled'));
  });

  app.adaptiveCards.actionExecute(VERBS.confirmDelete, async (context) => {
    const tr = trOf(context);
    const id = personKey(context);
    const { removed } = await deps.store.erasePerson(id);
    log.info({ removed }, 'erased a person at their request');
    return noticeCard(tr('delete.title'), tr('delete.done'));
  });
}

function myData(context: TurnContext, deps: Deps) {
  const tr = trOf(context);
  const lang = languageOf(context);
  const id = personKey(context);
  const person = deps.store.people.get(id);
  const personFacts = person
    ? [
        { label: 'Teams (Entra) id', value: person.id },
        { label: tr('me.name'), value: person.name || tr('me.none') },
        { label: tr('me.email'), value: person.email ?? tr('me.none') },
        { label: tr('me.municipality'), value: deps.directory.municipality(person.municipality)?.name ?? person.municipality },
        { label: tr('me.language'), value: person.language ? tr(`lang.${person.language}`) : tr('me.none') },
        { label: tr('me.source'), value: tr(person.selfRegistered ? 'me.source.self' : 'me.source.directory') },
      ]
    : [];
  const conversations = deps.store.conversations.ofPerson(id).map((c) => ({
    line: tr('myData.conversationLine', { scope: tr(`myData.scope.${c.scope}`), date: formatDate(lang, c.savedAt, deps.config.timezone) }),
  }));
  const needs = deps.store.needs.byAuthor(id).map((n) => `${n.ref} ${n.title} (${tr(`need.status.${n.status}`)})`);
  const sections = needs.length ? [{ heading: tr('myData.needs'), lines: needs }] : [];
  return myDataCard(tr, { personFacts, conversations, sections });
}
