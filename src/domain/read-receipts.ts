import type { OutboxMessage } from './outbox.js';

/** The event Teams sends a bot in a 1:1 chat when the person has read up to a message (a dot, not a slash). */
export const READ_RECEIPT_EVENT = 'application/vnd.microsoft.readReceipt';

const NUMERIC = /^\d{1,30}$/;

/**
 * True when the message `activityId` is covered by a receipt up to `lastReadMessageId`: Teams
 * message ids in a chat are increasing numbers, so every id at or below the last read one has been
 * read. Ids that are not both numeric prove only themselves.
 */
export function readThrough(activityId: string, lastReadMessageId: string): boolean {
  if (NUMERIC.test(activityId) && NUMERIC.test(lastReadMessageId)) return BigInt(activityId) <= BigInt(lastReadMessageId);
  return activityId === lastReadMessageId;
}

/** The person's delivered messages in a chat that a receipt up to `lastReadMessageId` marks read now (at `at`). */
export function markRead(messages: readonly OutboxMessage[], personId: string, lastReadMessageId: string, at: string): OutboxMessage[] {
  return messages
    .filter((m) => m.personId === personId && m.status === 'sent' && !m.readAt && !!m.activityId && readThrough(m.activityId, lastReadMessageId))
    .map((m) => ({ ...m, readAt: at }));
}

/**
 * What can honestly be said about whether a delivered message was read: `read` only from a
 * receipt; `unread` only for a person who has sent receipts before (so they would have sent one);
 * `unknown` for someone from whom no receipt ever arrived (receipts may be turned off).
 */
export type ReadState = 'read' | 'unread' | 'unknown';

export function readState(delivery: Pick<OutboxMessage, 'readAt'>, sendsReceipts: boolean): ReadState {
  if (delivery.readAt) return 'read';
  return sendsReceipts ? 'unread' : 'unknown';
}

/** Which recipients a call's follow-up list shows: everyone who got it, or those receipts prove have not read it. */
export const READ_FILTERS = ['all', 'unread'] as const;
export type ReadFilter = (typeof READ_FILTERS)[number];
