import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { identityOf, trOf } from '../../identity/turn-context.js';
import { hasRole } from '../../domain/identity.js';
import { clusterCard } from '../../cards/render.js';
import { send } from '../reply.js';
import { command } from '../commands.js';

/** `klynge` / `cluster` (coordinators): the clusters they coordinate, members and contact persons. */
export function register(app: Application<TurnState>, deps: Deps): void {
  deps.menu.add({ title: 'menu.cluster', command: 'command.cluster', allowed: (i) => hasRole(i, 'coordinator'), order: 10 });

  app.message(command('command.cluster'), async (context) => {
    const identity = identityOf(context)!;
    const tr = trOf(context);
    if (!hasRole(identity, 'coordinator') || identity.coordinatedClusters.length === 0) {
      deps.logger.warn({ personId: identity.personId, action: 'cluster.view' }, 'refused: not a coordinator');
      await send(context, tr('cluster.none'));
      return;
    }
    const d = deps.directory;
    const clusters = identity.coordinatedClusters.map((id) => d.cluster(id)!).map((c) => ({
      title: tr('cluster.title', { cluster: c.name }),
      lead: tr('cluster.lead', { municipality: d.municipality(c.lead)?.name ?? c.lead }),
      members: tr('cluster.members', { count: c.members.length }),
      rows: c.members
        .map((m) => d.municipality(m)!)
        .sort((a, b) => a.name.localeCompare(b.name, 'nb'))
        .map((m) => ({
          name: m.name,
          contact: d.contactsOf(m.number).map((p) => p.name).join(', ') || tr('cluster.noContact'),
        })),
    }));
    await send(context, clusterCard({ clusters }));
  });
}
