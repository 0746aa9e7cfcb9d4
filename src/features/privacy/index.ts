import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { personKey, trOf } from '../../identity/turn-context.js';
import { confirmCard, myDataCard, noticeCard } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import { catalogs, formatDate, type MessageKey, type Translate } from '../../i18n/index.js';
import type { ErasurePlan } from '../../store/erasure.js';
import { languageOf } from '../../identity/turn-context.js';
import { send } from '../reply.js';
import { actions } from '../actions.js';
import { command } from '../commands.js';

/** GDPR: `mine data` shows everything stored about me; `slett mine data` erases it after a confirmation. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'privacy' });
  deps.menu.add({ title: 'menu.myData', command: 'command.myData', allowed: () => true, order: 90 });

  const confirmation = (context: TurnContext) => {
    const tr = trOf(context);
    const plan = planLines(tr, deps.store.erasurePlan(personKey(context)));
    const lines = [...(plan.deleted.length ? [`**${tr('erase.willDelete')}**`, ...plan.deleted.map((l) => `- ${l}`)] : []), ...(plan.anonymised.length ? [`**${tr('erase.willAnonymise')}**`, ...plan.anonymised.map((l) => `- ${l}`)] : [])];
    return confirmCard({
      title: tr('delete.title'),
      body: [tr('delete.body'), lines.length ? lines.join('\n') : tr('erase.nothing')].join('\n\n'),
      confirmLabel: tr('delete.confirm'),
      cancelLabel: tr('delete.cancel'),
      confirmVerb: VERBS.confirmDelete,
      cancelVerb: VERBS.cancelDelete,
    });
  };

  app.message(command('command.myData'), async (context) => {
    await send(context, myData(context, deps));
  });

  app.message(command('command.deleteMyData'), async (context) => {
    await send(context, confirmation(context));
  });

  const { anyone } = actions(app, log);
  anyone(VERBS.askDelete, async (context) => confirmation(context));

  anyone(VERBS.cancelDelete, async (context) => {
    const tr = trOf(context);
    return noticeCard(tr('delete.title'), tr('delete.cancelled'));
  });

  anyone(VERBS.confirmDelete, async (context) => {
    const tr = trOf(context);
    const id = personKey(context);
    const plan = await deps.store.erasePerson(id, tr('need.fact.anonymous'));
    if (plan.unregistered.length) log.error({ collections: plan.unregistered }, 'erasure: collections without an eraser (only the generic pass ran)');
    log.info({ deleted: plan.deleted, anonymised: plan.anonymised }, 'erased a person at their request');
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
  const plan = planLines(tr, deps.store.erasurePlan(id));
  const sections = [
    ...(needs.length ? [{ heading: tr('myData.needs'), lines: needs }] : []),
    ...(plan.deleted.length ? [{ heading: tr('erase.willDelete'), lines: plan.deleted }] : []),
    ...(plan.anonymised.length ? [{ heading: tr('erase.willAnonymise'), lines: plan.anonymised }] : []),
  ];
  return myDataCard(tr, { personFacts, conversations, sections });
}

/** The erasure plan in words: one line per kind of record, with how many. */
function planLines(tr: Translate, plan: ErasurePlan): { deleted: string[]; anonymised: string[] } {
  const what = (c: string) => (`erase.what.${c}` in catalogs.nb ? tr(`erase.what.${c}` as MessageKey) : tr('erase.what.other', { collection: c }));
  const lines = (counts: Record<string, number>) => Object.entries(counts).map(([c, count]) => tr('erase.line', { what: what(c), count }));
  return { deleted: lines(plan.deleted), anonymised: lines(plan.anonymised) };
}
