/** A proactive message waiting in (or done with) the durable outbox. */
export interface OutboxMessage {
  id: string;
  /** What it is about, e.g. `need.status`, `need.new`, `call`, `reminder`. */
  kind: string;
  /** The record it concerns (need id, call id …), for reports and deduplication. */
  subject?: string;
  personId?: string;
  /** Who it is for, as people read it in reports (kept only while the message exists). */
  recipientName?: string;
  municipality?: string;
  /** For a recipient known only from the directory (never talked to the bot): who to deliver to once they install. */
  recipientEmail?: string;
  conversationId?: string;
  /** A finished activity, built by the feature in the recipient's language when it was enqueued. */
  activity?: Record<string, unknown>;
  /** Or: what the feature's renderer turns into the activity when it is sent (language and content of that moment). */
  render?: RenderRequest;
  /** An in-place update: replaces the activity with this id (PUT) instead of posting a new one. */
  replaces?: string;
  /** Bumped when a newer version replaces a pending record under the same id (coalesced updates). */
  revision?: number;
  status: 'pending' | 'sent' | 'unreachable' | 'not-installed' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt?: string;
  activityId?: string;
  /** When the recipient read it: set only from a Teams read receipt covering `activityId`. */
  readAt?: string;
  error?: string;
  /** Why it was not delivered, for reports (set with status unreachable / failed). */
  reason?: UndeliverableReason;
  /** When it was given up (unreachable / failed). */
  failedAt?: string;
  /**
   * Stopped while its request was with Teams: whatever Teams answers is its outcome, but it is
   * not tried again (a retry or a resend after a restart becomes `cancelled`).
   */
  stopRequested?: boolean;
  /** The instance sending it now, and until when that claim holds (several instances share one outbox). */
  claimedBy?: string;
  claimedUntil?: string;
}

/** A message rendered when it is sent: the id of a renderer a feature registered, and its view-model data. */
export interface RenderRequest {
  renderer: string;
  data: Record<string, unknown>;
}

/**
 * `next` replacing `existing` under the same id (only the latest matters, e.g. a progress card):
 * one record, its revision bumped, and a backoff still running kept, so a throttled update does not
 * jump its Retry-After by being replaced.
 */
export function coalesce(existing: OutboxMessage | undefined, next: OutboxMessage): OutboxMessage {
  const revision = (existing?.revision ?? 0) + 1;
  if (existing?.status !== 'pending') return { ...next, revision };
  const at = existing.nextAttemptAt > next.nextAttemptAt ? existing.nextAttemptAt : next.nextAttemptAt;
  return { ...next, revision, attempts: existing.attempts, nextAttemptAt: at, createdAt: existing.createdAt };
}

/**
 * The outcome to record for a send that finished after `current` (the record as stored now) was
 * stopped: a delivery or a final failure stands as it happened; one that would be tried again is
 * cancelled instead.
 */
export function outcomeAfterStop(current: Pick<OutboxMessage, 'stopRequested'> | undefined, outcome: OutboxMessage): OutboxMessage {
  if (!current?.stopRequested) return outcome;
  if (outcome.status !== 'pending') return { ...outcome, stopRequested: true };
  return { ...outcome, stopRequested: true, status: 'cancelled', error: 'stopped by the coordinator' };
}

/** Why a message did not reach its recipient, as admins and coordinators read it. */
export const UNDELIVERABLE_REASONS = ['conversation-gone', 'blocked', 'rejected', 'gave-up', 'not-installed'] as const;
export type UndeliverableReason = (typeof UNDELIVERABLE_REASONS)[number];

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 1_000, maxMs: 5 * 60_000 };

export type SendOutcome =
  { kind: 'sent' } | { kind: 'retry'; at: Date } | { kind: 'give-up'; status: 'unreachable' | 'failed'; reason: string; code: UndeliverableReason };

/**
 * What to do after a failed send. 403 (bot blocked, app removed) and 404 (conversation gone) are
 * final; 429, 412, 5xx and network errors are retried with exponential backoff and full jitter,
 * never sooner than Retry-After, at most `maxAttempts` times in all.
 */
export function afterFailure(
  statusCode: number | undefined,
  attempts: number,
  now: Date,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
  policy: RetryPolicy = DEFAULT_RETRY,
): SendOutcome {
  if (statusCode === 403 || statusCode === 404) {
    return statusCode === 403
      ? { kind: 'give-up', status: 'unreachable', reason: 'forbidden (bot blocked or app removed)', code: 'blocked' }
      : { kind: 'give-up', status: 'unreachable', reason: 'conversation not found', code: 'conversation-gone' };
  }
  const transient = statusCode === undefined || statusCode === 429 || statusCode === 412 || statusCode >= 500;
  if (!transient) return { kind: 'give-up', status: 'failed', reason: `HTTP ${statusCode}`, code: 'rejected' };
  if (attempts >= policy.maxAttempts) {
    return { kind: 'give-up', status: 'failed', reason: `gave up after ${attempts} attempts (last: ${statusCode ?? 'network error'})`, code: 'gave-up' };
  }
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
  const backoff = random() * ceiling;
  const wait = Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
  return { kind: 'retry', at: new Date(now.getTime() + wait) };
}

/** Why `m` was not delivered, or undefined while it is pending, sent or cancelled. Older records carry no code. */
export function undeliverableReason(m: Pick<OutboxMessage, 'status' | 'reason' | 'error'>): UndeliverableReason | undefined {
  if (m.status === 'not-installed') return 'not-installed';
  if (m.status === 'unreachable') return m.reason ?? (m.error?.startsWith('forbidden') ? 'blocked' : 'conversation-gone');
  if (m.status === 'failed') return m.reason ?? (m.error?.startsWith('gave up') ? 'gave-up' : 'rejected');
  return undefined;
}

/** Messages not delivered since `since`, counted by reason (every reason present, 0 when none). */
export function undeliverableSince(messages: Iterable<OutboxMessage>, since: Date): Record<UndeliverableReason, number> {
  const counts = Object.fromEntries(UNDELIVERABLE_REASONS.map((r) => [r, 0])) as Record<UndeliverableReason, number>;
  const from = since.toISOString();
  for (const m of messages) {
    const reason = undeliverableReason(m);
    if (reason && (m.failedAt ?? m.createdAt) >= from) counts[reason]++;
  }
  return counts;
}
