import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { personKey, trOf } from '../../identity/turn-context.js';
import { noticeCard } from '../../cards/render.js';
import { deleteConfirmView, myDataView, type MyDataVm } from './views.js';
import { VERBS } from '../../cards/verbs.js';
import { languageOf } from '../../identity/turn-context.js';
import { send } from '../reply.js';
import { actions } from '../actions.js';
import { command } from '../commands.js';

/** GDPR: `mine data` shows everything stored about me; `slett mine data` erases it after a confirmation. */
export function register(app: Application<TurnState>, deps: Deps): void {
  const log = deps.logger.child({ feature: 'privacy' });
  deps.menu.add({ title: 'menu.myData', command: 'command.myData', allowed: () => true, order: 90 });

  const confirmation = async (context: TurnContext) => deleteConfirmView(await deps.store.erasurePlan(personKey(context)), trOf(context));

  app.message(command('command.myData'), async (context) => {
    await send(context, myDataView(await myDataVm(deps, personKey(context)), trOf(context), languageOf(context)));
  });

  app.message(command('command.deleteMyData'), async (context) => {
    await send(context, await confirmation(context));
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

/** Everything stored about the person in this turn, read from the store. */
async function myDataVm(deps: Deps, id: string): Promise<MyDataVm> {
  const person = await deps.store.people.get(id);
  return {
    ...(person ? { person } : {}),
    municipalityName: person ? (deps.directory.municipality(person.municipality)?.name ?? person.municipality) : '',
    conversations: await deps.store.conversations.ofPerson(id),
    needs: await deps.store.needs.byAuthor(id),
    plan: await deps.store.erasurePlan(id),
    timezone: deps.config.timezone,
  };
}
