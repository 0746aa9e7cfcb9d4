import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { trOf } from '../../identity/turn-context.js';
import { hasRole } from '../../domain/identity.js';
import { factsCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { command, commandWithArgument } from '../commands.js';
import { AdjustableClock, parseTimeJump } from '../../clock.js';
import { formatDate } from '../../i18n/index.js';
import { languageOf } from '../../identity/turn-context.js';
import { undeliverableLastWeek } from '../../outbox/report.js';
import { UNDELIVERABLE_REASONS } from '../../domain/outbox.js';
import { withIdentity } from '../actions.js';

/** `status` (administrators): the store's state, as /healthz reports it. */
export function register(app: Application<TurnState>, deps: Deps): void {
  deps.menu.add({ title: 'menu.status', command: 'command.status', allowed: (i) => hasRole(i, 'admin'), order: 95 });

  // Local mode only: move the bot's clock forward and run the due sweeps at once (try reminders).
  const time = commandWithArgument('command.time');
  app.message(
    time,
    withIdentity(async (context, identity) => {
      const tr = trOf(context);
      if (!hasRole(identity, 'admin')) {
        deps.logger.warn({ personId: identity.personId, action: 'admin.time' }, 'refused: not an admin');
        return void (await send(context, tr('error.forbidden')));
      }
      if (!deps.config.localMode || !(deps.clock instanceof AdjustableClock)) return void (await send(context, tr('time.refused')));
      const arg = time.argument(context.activity.text) ?? '';
      const to = parseTimeJump(arg, deps.clock.now(), deps.config.timezone);
      if (!to) return void (await send(context, tr('time.usage')));
      deps.clock.moveTo(to);
      await deps.lifecycle.runSweeps();
      deps.outbox.kick();
      const queued = await deps.store.outbox.pendingCount();
      await send(context, tr('time.now', { time: formatDate(languageOf(context), deps.clock.now().toISOString(), deps.config.timezone), queued }));
    }),
  );

  app.message(
    command('command.status'),
    withIdentity(async (context, identity) => {
      const tr = trOf(context);
      if (!hasRole(identity, 'admin')) {
        deps.logger.warn({ personId: identity.personId, action: 'admin.status' }, 'refused: not an admin');
        await send(context, tr('error.forbidden'));
        return;
      }
      const s = await deps.store.stats();
      const undelivered = await undeliverableLastWeek(deps);
      await send(
        context,
        factsCard({
          title: tr('status.title'),
          facts: [
            { label: tr('status.people'), value: String(s.counts.people ?? 0) },
            { label: tr('status.conversations'), value: String(s.counts.conversations ?? 0) },
            { label: tr('status.journal'), value: String(s.journalBytes) },
            { label: tr('status.schema'), value: String(s.schemaVersion) },
            { label: tr('status.pending'), value: String(deps.store.outbox.pendingCount()) },
            ...UNDELIVERABLE_REASONS.map((r) => ({ label: tr('status.undelivered', { reason: tr(`outbox.reason.${r}`) }), value: String(undelivered[r]) })),
          ],
        }),
      );
    }),
  );
}
