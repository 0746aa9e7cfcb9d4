import { DateTime } from 'luxon';
import type { Deps } from '../../deps.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import { isoWeek, nextAllowedTime, workingDaysBefore } from '../../domain/calendar.js';
import { isClosed } from '../../domain/calls/rules.js';
import { FINAL_PARTICIPATION } from '../../domain/participation.js';
import { contactPersonIds, messageTo } from '../../outbox/notify.js';
import { callStats, recipientCallVm } from '../calls/queries.js';
import { recipientsFor } from '../calls/recipients.js';
import { recipientCallView } from '../calls/views.js';
import { participationReminder } from '../participation/views.js';
import { trackedMunicipalities } from '../participation/service.js';
import { needReminder, digestCard } from './cards.js';

const DAY = 86_400_000;
export const PARTICIPATION_EVERY_DAYS = 14;
export const NEED_WAITING_DAYS = 10;

/**
 * Finds every reminder occasion that is due and not yet recorded, and records each in the outbox
 * under its own id (kind, subject, recipient, occasion): a second sweep, a restart or a clock
 * jump finds the id taken and creates nothing. Each waits for the next allowed time
 * (working day, working hours) before it is sent.
 */
export async function sweepReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const tz = deps.config.timezone;
  const sendAt = nextAllowedTime(now, { ...deps.config.quietHours, timezone: tz }).toISOString();
  const created: OutboxMessage[] = [];
  const createdIds = new Set<string>();
  const occasion = (id: string, build: () => OutboxMessage) => {
    if (deps.store.outbox.get(id) || createdIds.has(id)) return;
    createdIds.add(id);
    created.push({ ...build(), id, nextAttemptAt: sendAt });
  };
  const at8 = (day: string) => DateTime.fromISO(day, { zone: tz }).set({ hour: deps.config.quietHours.start }).toMillis();

  // 1. Call deadline approaching: 3 and 1 working days before, to contacts of silent municipalities.
  for (const call of deps.store.calls.all()) {
    if (call.kind !== 'participation' || (call.status !== 'sending' && call.status !== 'sent') || isClosed(call, now, tz)) continue;
    const due = [3, 1].filter((n) => now.getTime() >= at8(workingDaysBefore(call.deadline, n)));
    if (!due.length) continue;
    const n = Math.min(...due); // a later occasion supersedes an earlier one missed meanwhile
    const silent = callStats(deps, call).silent;
    for (const r of recipientsFor(deps, silent, 'contacts')) {
      if (!r.personId) continue;
      occasion(`rem:call:${call.id}:${n}wd:${r.personId}`, () => ({
        ...messageTo(deps, r.personId, 'reminder.call', call.id, (tr, lang) => recipientCallView(recipientCallVm(deps, call, { municipality: r.municipality, isContact: true, personId: r.personId, reminder: true }), tr, lang)),
        recipientName: r.name,
        municipality: r.municipality,
      }));
    }
  }

  // 2. Participation pending for more than 14 days: every 14 days, to the contact persons.
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
        occasion(`rem:part:${p.id}:${last}:${periods}:${personId}`, () => messageTo(deps, personId, 'reminder.participation', p.id, (tr, lang) => participationReminder(deps, tr, lang, p)));
      }
    }
  }

  // 3. Needs waiting for assessment for more than 10 days: once, to the contact persons.
  for (const need of deps.store.needs.all()) {
    if (need.status !== 'received' || now.getTime() - Date.parse(need.createdAt) < NEED_WAITING_DAYS * DAY) continue;
    for (const personId of contactPersonIds(deps, need.municipality)) {
      occasion(`rem:need:${need.id}:${personId}`, () => messageTo(deps, personId, 'reminder.need', need.id, (tr, lang) => needReminder(deps, tr, lang, need)));
    }
  }

  // 4. The weekly digest, Monday morning, to each coordinator who has not turned it off.
  const week = isoWeek(now, tz);
  if (now.getTime() >= at8(week.monday)) {
    for (const entry of deps.directory.data.people.filter((p) => p.roles.includes('coordinator'))) {
      const person = deps.store.people.findByEmail(entry.email);
      if (!person || person.digest === false) continue;
      occasion(`rem:digest:${person.id}:${week.label}`, () => messageTo(deps, person.id, 'reminder.digest', week.label, (tr, lang) => digestCard(deps, tr, lang, entry, now, week.label)));
    }
  }

  if (created.length) {
    await deps.store.engine.commit(created.map((m) => deps.store.outbox.op(m)));
    deps.outbox.kick();
  }
  return created.length;
}
