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
  conversationId?: string;
  activity: Record<string, unknown>;
  status: 'pending' | 'sent' | 'unreachable' | 'not-installed' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt?: string;
  activityId?: string;
  error?: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 1_000, maxMs: 5 * 60_000 };

export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; at: Date }
  | { kind: 'give-up'; status: 'unreachable' | 'failed'; reason: string };

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
    return { kind: 'give-up', status: 'unreachable', reason: statusCode === 403 ? 'forbidden (bot blocked or app removed)' : 'conversation not found' };
  }
  const transient = statusCode === undefined || statusCode === 429 || statusCode === 412 || statusCode >= 500;
  if (!transient) return { kind: 'give-up', status: 'failed', reason: `HTTP ${statusCode}` };
  if (attempts >= policy.maxAttempts) {
    return { kind: 'give-up', status: 'failed', reason: `gave up after ${attempts} attempts (last: ${statusCode ?? 'network error'})` };
  }
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
  const backoff = random() * ceiling;
  const wait = Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
  return { kind: 'retry', at: new Date(now.getTime() + wait) };
}
