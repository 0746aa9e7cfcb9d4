import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { noticeCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { actions } from '../actions.js';
import { commandWithArgument } from '../commands.js';
import { sweepReminders } from './sweep.js';
import { registerReminderRenderers } from './renderers.js';

/** Automatic reminders and the weekly digest; `ukesoppsummering av|på` turns the digest off or on. */
export function register(app: Application<TurnState>, deps: Deps): void {
  registerReminderRenderers(deps);
  deps.lifecycle.addSweep(async () => {
    await sweepReminders(deps);
  });

  const setDigest = async (personId: string, on: boolean) => {
    const person = deps.store.people.get(personId);
    if (person) await deps.store.people.save({ ...person, digest: on, updatedAt: deps.clock.now().toISOString() });
  };

  const digest = commandWithArgument('command.digest');
  app.message(digest, async (context) => {
    const arg = (digest.argument(context.activity.text) ?? '').toLowerCase();
    const tr = trOf(context);
    const on = ['på', 'on', 'pa'].includes(arg);
    await setDigest(identityOf(context)!.personId, on);
    await send(context, tr(on ? 'dig.turnedOn' : 'dig.turnedOff'));
  });

  const { execute } = actions(app, deps.logger.child({ feature: 'reminders' }));
  execute(VERBS.digestOff, async (context, identity) => {
    await setDigest(identity.personId, false);
    const tr = trOf(context);
    return noticeCard(tr('dig.turnedOff'));
  });
}
