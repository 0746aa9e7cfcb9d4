import type { Deps } from '../../deps.js';
import { FINAL_PARTICIPATION } from '../../domain/participation.js';
import { PARTICIPATION_EVERY_DAYS } from '../../domain/reminders.js';
import { contactPersonIds, messageTo } from '../../outbox/notify.js';
import type { Occasion } from '../occasions.js';
import { participationReminderVm, trackedMunicipalities } from './service.js';
import { participationReminderView } from './views.js';

const DAY = 86_400_000;

/**
 * Participation pending for more than {@link PARTICIPATION_EVERY_DAYS} days: every such period, to
 * the contact persons. A cluster is followed from the first sweep that sees it.
 */
export async function participationOccasions(deps: Deps): Promise<Occasion[]> {
  const now = deps.clock.now();
  const occasions: Occasion[] = [];
  for (const cluster of deps.directory.data.clusters) {
    const sinceId = `participation-since:${cluster.id}`;
    let since = deps.store.engine.get<{ id: string; at: string }>('meta', sinceId)?.at;
    if (!since) {
      since = now.toISOString();
      await deps.store.engine.commit([{ c: 'meta', id: sinceId, v: { id: sinceId, at: since } }]);
    }
    for (const m of trackedMunicipalities(deps, cluster.id)) {
      const p = deps.store.participation.get(cluster.id, m);
      if (FINAL_PARTICIPATION.includes(p.state)) continue;
      const last = p.updatedAt || since;
      const periods = Math.floor((now.getTime() - Date.parse(last)) / (PARTICIPATION_EVERY_DAYS * DAY));
      if (periods < 1) continue;
      for (const personId of contactPersonIds(deps, m)) {
        occasions.push({
          id: `rem:part:${p.id}:${last}:${periods}:${personId}`,
          build: () => messageTo(deps, personId, 'reminder.participation', p.id, (tr, lang) => participationReminderView(participationReminderVm(deps, p), tr, lang)),
        });
      }
    }
  }
  return occasions;
}
