import type { Deps } from '../../deps.js';
import { noticeFor } from '../notices/message.js';
import { recipientCallCard } from '../calls/views.js';
import { participationReminder } from '../participation/views.js';
import { needReminder, digestCard } from './cards.js';

/** Reminder kinds, each also the id of the renderer that draws it when it is sent. */
export const REMINDER = {
  call: 'reminder.call',
  participation: 'reminder.participation',
  need: 'reminder.need',
  digest: 'reminder.digest',
} as const;

/**
 * Reminders wait in the outbox for working hours, so they are drawn when they are sent: in the
 * language the person reads then, with the figures of then. One whose subject is gone (or a
 * digest turned off meanwhile) is not sent.
 */
export function registerReminderRenderers(deps: Deps): void {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');

  deps.outbox.registerRenderer(REMINDER.call, (data, m) => {
    const call = deps.store.calls.get(str(data.callId));
    if (!call || !m.personId) return null;
    const viewer = { municipality: str(data.municipality), isContact: true, personId: m.personId, reminder: true };
    return noticeFor(deps, m.personId, (tr, lang) => recipientCallCard(deps, tr, lang, call, viewer));
  });

  deps.outbox.registerRenderer(REMINDER.participation, (data, m) => {
    const p = deps.store.participation.get(str(data.cluster), str(data.municipality));
    return noticeFor(deps, m.personId, (tr, lang) => participationReminder(deps, tr, lang, p));
  });

  deps.outbox.registerRenderer(REMINDER.need, (data, m) => {
    const need = deps.store.needs.get(str(data.needId));
    if (!need) return null;
    return noticeFor(deps, m.personId, (tr, lang) => needReminder(deps, tr, lang, need));
  });

  deps.outbox.registerRenderer(REMINDER.digest, (data, m) => {
    const person = m.personId ? deps.store.people.get(m.personId) : undefined;
    const entry = person?.email ? deps.directory.personByEmail(person.email) : undefined;
    if (!person || !entry || person.digest === false) return null;
    return noticeFor(deps, person.id, (tr, lang) => digestCard(deps, tr, lang, entry, deps.clock.now(), str(data.week)));
  });
}
