import type { Deps } from '../../deps.js';
import { NEED_WAITING_DAYS } from '../../domain/reminders.js';
import { contactPersonIds, messageTo } from '../../outbox/notify.js';
import type { Occasion } from '../occasions.js';
import { needReminderView } from './views.js';

const DAY = 86_400_000;

/** Needs waiting for assessment for more than {@link NEED_WAITING_DAYS} days: once, to the contact persons. */
export function* needWaitingOccasions(deps: Deps): Generator<Occasion> {
  const now = deps.clock.now();
  for (const need of deps.store.needs.all()) {
    if (need.status !== 'received' || now.getTime() - Date.parse(need.createdAt) < NEED_WAITING_DAYS * DAY) continue;
    const vm = { need, municipalityName: deps.directory.municipality(need.municipality)?.name ?? need.municipality, timezone: deps.config.timezone };
    for (const personId of contactPersonIds(deps, need.municipality)) {
      yield { id: `rem:need:${need.id}:${personId}`, build: () => messageTo(deps, personId, 'reminder.need', need.id, (tr, lang) => needReminderView(vm, tr, lang)) };
    }
  }
}
