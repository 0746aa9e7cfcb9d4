import type { Deps } from '../../deps.js';
import type { Need } from '../../domain/needs/types.js';
import { NEED_WAITING_DAYS, REMINDER } from '../../domain/reminders.js';
import { contactPersonIds, noticeFor, renderRequestTo } from '../notices.js';
import type { Occasion } from '../occasions.js';
import { needReminderView, type NeedReminderVm } from './views.js';

const DAY = 86_400_000;

/** What a need's reminder shows, read from the store. */
export function needReminderVm(deps: Deps, need: Need): NeedReminderVm {
  return { need, municipalityName: deps.directory.municipality(need.municipality)?.name ?? need.municipality, timezone: deps.config.timezone };
}

/** Needs waiting for assessment for more than {@link NEED_WAITING_DAYS} days: once, to the contact persons (a render request, drawn when sent). */
export async function* needWaitingOccasions(deps: Deps): AsyncGenerator<Occasion> {
  const now = deps.clock.now();
  for (const need of await deps.store.needs.withStatus('received')) {
    if (now.getTime() - Date.parse(need.createdAt) < NEED_WAITING_DAYS * DAY) continue;
    for (const personId of await contactPersonIds(deps, need.municipality)) {
      yield {
        id: `rem:need:${need.id}:${personId}`,
        build: () => renderRequestTo(deps, personId, REMINDER.need, need.id, { renderer: REMINDER.need, data: { needId: need.id } }),
      };
    }
  }
}

/** Draws a need's reminder when it is sent; one whose need is gone is not sent. */
export function registerNeedReminderRenderer(deps: Deps): void {
  deps.outbox.registerRenderer(REMINDER.need, async (data, m) => {
    const need = await deps.store.needs.get(typeof data.needId === 'string' ? data.needId : '');
    if (!need) return null;
    return noticeFor(deps, m.personId, (tr, lang) => needReminderView(needReminderVm(deps, need), tr, lang));
  });
}
