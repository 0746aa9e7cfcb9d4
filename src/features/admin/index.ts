import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { hasRole } from '../../domain/identity.js';
import { factsCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { command } from '../commands.js';

/** `status` (administrators): the store's state, as /healthz reports it. */
export function register(app: Application<TurnState>, deps: Deps): void {
  deps.menu.add({ title: 'menu.status', command: 'command.status', allowed: (i) => hasRole(i, 'admin'), order: 95 });

  app.message(command('command.status'), async (context) => {
    const identity = identityOf(context)!;
    const tr = trOf(context);
    if (!hasRole(identity, 'admin')) {
      deps.logger.warn({ personId: identity.personId, action: 'admin.status' }, 'refused: not an admin');
      await send(context, tr('error.forbidden'));
      return;
    }
    const s = deps.store.stats();
    await send(
      context,
      factsCard({
        title: tr('status.title'),
        facts: [
          { label: tr('status.people'), value: String(s.counts.people ?? 0) },
          { label: tr('status.conversations'), value: String(s.counts.conversations ?? 0) },
          { label: tr('status.journal'), value: String(s.journalBytes) },
          { label: tr('status.schema'), value: String(s.schemaVersion) },
        ],
      }),
    );
  });
}
