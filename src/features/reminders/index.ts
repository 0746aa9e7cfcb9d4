import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { trOf } from '../../identity/turn-context.js';
import { VERBS } from '../../cards/verbs.js';
import { noticeCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { actions, withIdentity } from '../actions.js';
import { commandWithArgument } from '../commands.js';
import { recordOccasions } from '../occasions.js';
import { digestOccasions, registerDigestRenderer } from './digest.js';

/**
 * The weekly digest to coordinators; `ukesoppsummering av|på` turns it off or on. (Each feature
 * records its own reminders: calls/reminders.ts, participation/reminders.ts, needs/reminders.ts;
 * src/scheduler.ts runs every sweep.)
 */
export function register(app: Application<TurnState>, deps: Deps): void {
  registerDigestRenderer(deps);
  const { execute } = actions(app, deps.logger.child({ feature: 'reminders' }));
  deps.lifecycle.addSweep(async () => void (await recordOccasions(deps, digestOccasions(deps))));

  const setDigest = async (personId: string, on: boolean) => {
    const person = await deps.store.people.get(personId);
    if (person) await deps.store.people.save({ ...person, digest: on, updatedAt: deps.clock.now().toISOString() });
  };

  const digest = commandWithArgument('command.digest');
  app.message(
    digest,
    withIdentity(async (context, identity) => {
      const arg = (digest.argument(context.activity.text) ?? '').toLowerCase();
      const tr = trOf(context);
      const on = ['på', 'on', 'pa'].includes(arg);
      await setDigest(identity.personId, on);
      await send(context, tr(on ? 'dig.turnedOn' : 'dig.turnedOff'));
    }),
  );

  execute(VERBS.digestOff, async (context, identity) => {
    await setDigest(identity.personId, false);
    return noticeCard(trOf(context)('dig.turnedOff'));
  });
}
