import type { Deps } from '../../deps.js';
import type { Call } from '../../domain/calls/types.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import { readState, type ReadState } from '../../domain/read-receipts.js';

/** One person who got the call, and what their read receipts say about it. */
export interface PersonRead {
  name: string;
  municipality: string;
  personId?: string;
  state: ReadState;
  readAt?: string;
}

/** Per municipality: people who got the call, and of them read / not read / unknown. */
export interface MunicipalityReads {
  municipality: string;
  delivered: number;
  read: number;
  unread: number;
  unknown: number;
}

export interface CallReads {
  people: PersonRead[];
  municipalities: MunicipalityReads[];
}

/** The call's deliveries that reached someone. */
export async function deliveredCopies(deps: Deps, call: Pick<Call, 'id'>): Promise<OutboxMessage[]> {
  return (await deps.store.outbox.bySubject(call.id)).filter((m) => m.kind === 'call' && m.status === 'sent');
}

/** Who got the call and who read it, per person and per municipality ("unknown" for people who never sent a receipt). */
export async function callReads(deps: Deps, call: Call): Promise<CallReads> {
  const copies = await deliveredCopies(deps, call);
  const senders = await deps.store.outbox.sendingReceipts(copies.flatMap((m) => (m.personId ? [m.personId] : [])));
  const people: PersonRead[] = copies.map((m) => ({
    name: m.recipientName ?? '',
    municipality: m.municipality ?? '',
    ...(m.personId ? { personId: m.personId } : {}),
    state: readState(m, !!m.personId && senders.has(m.personId)),
    ...(m.readAt ? { readAt: m.readAt } : {}),
  }));
  const ids = [...new Set([...call.municipalities, ...people.map((p) => p.municipality)])];
  const municipalities = ids.map((municipality) => {
    const here = people.filter((p) => p.municipality === municipality);
    const count = (s: ReadState) => here.filter((p) => p.state === s).length;
    return { municipality, delivered: here.length, read: count('read'), unread: count('unread'), unknown: count('unknown') };
  });
  return { people, municipalities };
}

/** True only when receipts prove that the person has not opened the call: they send receipts, and their copy has none. */
export async function provenNotOpened(deps: Deps, call: Pick<Call, 'id'>, personId: string): Promise<boolean> {
  const mine = (await deliveredCopies(deps, call)).filter((m) => m.personId === personId);
  if (!mine.length || mine.some((m) => m.readAt)) return false;
  return (await deps.store.outbox.sendingReceipts([personId])).has(personId);
}
