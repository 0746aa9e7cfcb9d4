import type { Deps } from '../../deps.js';
import { workingDaysBefore } from '../../domain/calendar.js';
import { isClosed } from '../../domain/calls/rules.js';
import { REMINDER } from '../../domain/reminders.js';
import { noticeFor, renderRequestTo } from '../notices.js';
import type { Occasion } from '../occasions.js';
import { workingDayStart } from '../occasions.js';
import { recipientsFor } from './recipients.js';
import { recipientCallVm } from './queries.js';
import { callStats } from './stats.js';
import { recipientCallView } from './views.js';
import { provenNotOpened } from './reads.js';

/**
 * Call deadline approaching: 3 and 1 working days before, to the contact persons of silent
 * municipalities. Recorded as a render request: the card is drawn when it is sent (see below).
 */
export async function* callDeadlineOccasions(deps: Deps): AsyncGenerator<Occasion> {
  const now = deps.clock.now();
  for (const call of await deps.store.calls.withStatus('sending', 'sent')) {
    if (call.kind !== 'participation' || (call.status !== 'sending' && call.status !== 'sent') || isClosed(call, now, deps.config.timezone)) continue;
    const due = [3, 1].filter((n) => now.getTime() >= workingDayStart(deps, workingDaysBefore(call.deadline, n)));
    if (!due.length) continue;
    const n = Math.min(...due); // a later occasion supersedes an earlier one missed meanwhile
    const silent = (await callStats(deps, call)).silent;
    for (const r of await recipientsFor(deps, silent, 'contacts')) {
      if (!r.personId) continue;
      yield {
        id: `rem:call:${call.id}:${n}wd:${r.personId}`,
        build: async () => ({
          ...(await renderRequestTo(deps, r.personId, REMINDER.call, call.id, {
            renderer: REMINDER.call,
            data: { callId: call.id, municipality: r.municipality },
          })),
          recipientName: r.name,
          municipality: r.municipality,
        }),
      };
    }
  }
}

/** Draws a deadline reminder when it is sent: in the language the person reads then, with the answers of then. */
export function registerCallReminderRenderer(deps: Deps): void {
  deps.outbox.registerRenderer(REMINDER.call, async (data, m) => {
    const call = await deps.store.calls.get(typeof data.callId === 'string' ? data.callId : '');
    if (!call || !m.personId) return null;
    const viewer = { municipality: typeof data.municipality === 'string' ? data.municipality : '', isContact: true, personId: m.personId, reminder: true };
    // "not opened" only when receipts prove it (the person sends them, and their copy of the call has none)
    const notOpened = await provenNotOpened(deps, call, m.personId);
    return noticeFor(deps, m.personId, async (tr, lang) => recipientCallView(await recipientCallVm(deps, call, viewer, { notOpened }), tr, lang));
  });
}
