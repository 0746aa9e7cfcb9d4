import type { Deps } from '../../deps.js';
import { workingDaysBefore } from '../../domain/calendar.js';
import { isClosed } from '../../domain/calls/rules.js';
import { messageTo } from '../../outbox/notify.js';
import type { Occasion } from '../occasions.js';
import { workingDayStart } from '../occasions.js';
import { recipientsFor } from './recipients.js';
import { callStats, recipientCallVm } from './queries.js';
import { recipientCallView } from './views.js';

/** Call deadline approaching: 3 and 1 working days before, to the contact persons of silent municipalities. */
export function* callDeadlineOccasions(deps: Deps): Generator<Occasion> {
  const now = deps.clock.now();
  for (const call of deps.store.calls.all()) {
    if (call.kind !== 'participation' || (call.status !== 'sending' && call.status !== 'sent') || isClosed(call, now, deps.config.timezone)) continue;
    const due = [3, 1].filter((n) => now.getTime() >= workingDayStart(deps, workingDaysBefore(call.deadline, n)));
    if (!due.length) continue;
    const n = Math.min(...due); // a later occasion supersedes an earlier one missed meanwhile
    const silent = callStats(deps, call).silent;
    for (const r of recipientsFor(deps, silent, 'contacts')) {
      if (!r.personId) continue;
      yield {
        id: `rem:call:${call.id}:${n}wd:${r.personId}`,
        build: () => ({
          ...messageTo(deps, r.personId, 'reminder.call', call.id, (tr, lang) =>
            recipientCallView(recipientCallVm(deps, call, { municipality: r.municipality, isContact: true, personId: r.personId, reminder: true }), tr, lang),
          ),
          recipientName: r.name,
          municipality: r.municipality,
        }),
      };
    }
  }
}
