import type { OutboxMessage } from '../outbox.js';
import type { Call, CallContent } from './types.js';

/** Who a call delivery is for: the person, or the directory e-mail of someone who had not talked to the bot. */
export const recipientKey = (m: Pick<OutboxMessage, 'personId' | 'recipientEmail' | 'id'>) =>
  m.personId ?? (m.recipientEmail ? `email:${m.recipientEmail}` : `record:${m.id}`);

/** A call's deliveries (kind `call`) that are served: sent, or on their way (pending). */
export function servedKeys(deliveries: readonly OutboxMessage[]): Set<string> {
  return new Set(deliveries.filter((m) => m.kind === 'call' && (m.status === 'sent' || m.status === 'pending')).map(recipientKey));
}

/**
 * The deliveries of a call that did not reach their recipient (failed, unreachable, not installed)
 * and whose recipient has no sent or pending delivery of it: one per recipient.
 */
export function notReached(deliveries: readonly OutboxMessage[]): OutboxMessage[] {
  const served = servedKeys(deliveries);
  const out = new Map<string, OutboxMessage>();
  for (const m of deliveries) {
    if (m.kind !== 'call' || !['failed', 'unreachable', 'not-installed'].includes(m.status)) continue;
    const key = recipientKey(m);
    if (!served.has(key) && !out.has(key)) out.set(key, m);
  }
  return [...out.values()];
}

/** The copies of a call that arrived and can be updated in place: sent call cards (and reminders) with their activity id. */
export function deliveredCopies(messages: readonly OutboxMessage[]): OutboxMessage[] {
  return messages.filter((m) => (m.kind === 'call' || m.kind === 'call.reminder') && m.status === 'sent' && !!m.activityId && !!m.conversationId);
}

/** What may be done with a call after it was sent: only a sent call (not while sending, not withdrawn). */
export const changeableAfterSend = (call: Pick<Call, 'status'>) => call.status === 'sent';

/** What an edit after sending may change: the text and the deadline; who it goes to, its kind and its needs stay. */
export const AMENDABLE = ['title', 'summary', 'body', 'sender', 'link', 'deadline'] as const satisfies readonly (keyof CallContent)[];

/** The call with `content`'s amendable fields, marked edited at `now`. */
export function amended(call: Call, content: CallContent, now: string): Call {
  const changes = Object.fromEntries(AMENDABLE.map((k) => [k, content[k]])) as Pick<CallContent, (typeof AMENDABLE)[number]>;
  return { ...call, ...changes, editedAt: now, updatedAt: now };
}
