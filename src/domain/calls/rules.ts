import { DateTime } from 'luxon';
import type { Directory } from '../../directory/directory.js';
import type { Identity } from '../identity.js';
import type { Answer, Call, Target } from './types.js';
import { memoize } from '../memoize.js';

/** The municipalities a target covers. */
export function targetMunicipalities(target: Target, directory: Directory): string[] {
  if (target.type === 'cluster') return [...(directory.cluster(target.id)?.members ?? [])];
  if (target.type === 'region') return [...new Set(directory.clustersInRegion(target.id).flatMap((c) => c.members))];
  return [...new Set(target.ids)];
}

/** Whether a person may send to (and see the answers of) a target: only its coordinators. */
export function mayTarget(identity: Identity, target: Target, directory: Directory): boolean {
  if (!identity.roles.includes('coordinator')) return false;
  if (target.type === 'cluster') return identity.coordinatedClusters.includes(target.id);
  if (target.type === 'region') return identity.coordinatedRegion === target.id;
  if (!target.ids.length) return false;
  const mine = new Set(identity.coordinatedClusters.flatMap((c) => directory.cluster(c)?.members ?? []));
  return target.ids.every((m) => mine.has(m));
}

const endOfDay = memoize(
  (day: string, zone: string) => DateTime.fromISO(day, { zone }).endOf('day').toMillis(),
  (day, zone) => `${day}|${zone}`,
);

/** The last moment answers are taken: the end of the deadline day in the bot's time zone. */
export function closesAt(call: Pick<Call, 'deadline'>, timezone: string): Date {
  return new Date(endOfDay(call.deadline, timezone));
}

export function isClosed(call: Pick<Call, 'deadline'>, now: Date, timezone: string): boolean {
  return now.getTime() > closesAt(call, timezone).getTime();
}

/** True when `deadline` (YYYY-MM-DD) is a real day that has not ended yet. */
export function deadlineInFuture(deadline: string, now: Date, timezone: string): boolean {
  const d = DateTime.fromISO(deadline, { zone: timezone });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(deadline) && d.endOf('day').toMillis() > now.getTime();
}

export type AnswerRight =
  { ok: true; as: 'municipality' | 'individual'; options: Answer[] } | { ok: false; reason: 'closed' | 'not-addressed' | 'announcement' | 'not-sent' };

/**
 * Who may answer a call: contact persons answer for their municipality (join / interested / not
 * relevant); where everyone was addressed, other employees may say they are interested themselves.
 */
export function answerRight(identity: Pick<Identity, 'municipality' | 'roles'>, call: Call, now: Date, timezone: string): AnswerRight {
  if (call.kind !== 'participation') return { ok: false, reason: 'announcement' };
  if (call.status !== 'sending' && call.status !== 'sent') return { ok: false, reason: 'not-sent' };
  if (!call.municipalities.includes(identity.municipality)) return { ok: false, reason: 'not-addressed' };
  if (isClosed(call, now, timezone)) return { ok: false, reason: 'closed' };
  if (identity.roles.includes('contact')) return { ok: true, as: 'municipality', options: ['join', 'interested', 'not-relevant'] };
  if (call.audience === 'all') return { ok: true, as: 'individual', options: ['interested'] };
  return { ok: false, reason: 'not-addressed' };
}

/** Whether someone who installs the bot now still gets the call: sent or sending, not stopped, deadline not passed. */
export function stillOpen(call: Call, now: Date, timezone: string): boolean {
  return (call.status === 'sending' || call.status === 'sent') && !isClosed(call, now, timezone);
}

/** The answer id: one per municipality, or one per person for individual interest. */
export const answerId = (callId: string, municipality: string, personId?: string) => (personId ? `${callId}:person:${personId}` : `${callId}:${municipality}`);

/** Calls that have gone out (or are going out) naming `needId` as a need they answer. */
export function callsAnswering(calls: readonly Call[], needId: string): Call[] {
  return calls.filter((c) => (c.status === 'sending' || c.status === 'sent') && c.needIds?.includes(needId));
}

/** Parses "YYYY-MM-DD" + "HH:mm" in `timezone` to an instant, or undefined. */
export function localDateTime(date: string, time: string, timezone: string): Date | undefined {
  const d = DateTime.fromISO(`${date}T${time}`, { zone: timezone });
  return d.isValid ? d.toJSDate() : undefined;
}
