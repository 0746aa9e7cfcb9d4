import type { Deps } from '../../deps.js';
import { FINAL_PARTICIPATION } from '../../domain/participation.js';
import { PARTICIPATION_EVERY_DAYS, REMINDER } from '../../domain/reminders.js';
import { contactPersonIds, noticeFor, renderRequestTo } from '../notices.js';
import type { Occasion } from '../occasions.js';
import { participationReminderVm } from './service.js';
import { trackedMunicipalities } from './tracked.js';
import { participationReminderView } from './views.js';

const DAY = 86_400_000;

/**
 * Participation pending for more than {@link PARTICIPATION_EVERY_DAYS} days: every such period, to
 * the contact persons. A cluster is followed from the first sweep that sees it. Recorded as a
 * render request, drawn when it is sent.
 */
export async function participationOccasions(deps: Deps): Promise<Occasion[]> {
  const now = deps.clock.now();
  const occasions: Occasion[] = [];
  for (const cluster of deps.directory.data.clusters) {
    const sinceId = `participation-since:${cluster.id}`;
    let since = (await deps.store.engine.get<{ id: string; at: string }>('meta', sinceId))?.at;
    if (!since) {
      since = now.toISOString();
      await deps.store.engine.commit([{ c: 'meta', id: sinceId, v: { id: sinceId, at: since } }]);
    }
    for (const m of await trackedMunicipalities(deps, cluster.id)) {
      const p = await deps.store.participation.get(cluster.id, m);
      if (FINAL_PARTICIPATION.includes(p.state)) continue;
      const last = p.updatedAt || since;
      const periods = Math.floor((now.getTime() - Date.parse(last)) / (PARTICIPATION_EVERY_DAYS * DAY));
      if (periods < 1) continue;
      for (const personId of await contactPersonIds(deps, m)) {
        occasions.push({
          id: `rem:part:${p.id}:${last}:${periods}:${personId}`,
          build: () =>
            renderRequestTo(deps, personId, REMINDER.participation, p.id, {
              renderer: REMINDER.participation,
              data: { cluster: p.cluster, municipality: p.municipality },
            }),
        });
      }
    }
  }
  return occasions;
}

/** Draws a participation reminder when it is sent, from the participation of then. */
export function registerParticipationReminderRenderer(deps: Deps): void {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  deps.outbox.registerRenderer(REMINDER.participation, async (data, m) => {
    const p = await deps.store.participation.get(str(data.cluster), str(data.municipality));
    return noticeFor(deps, m.personId, (tr, lang) => participationReminderView(participationReminderVm(deps, p), tr, lang));
  });
}
