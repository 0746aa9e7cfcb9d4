import { describe, it, expect } from 'vitest';
import { afterFailure, DEFAULT_RETRY, outcomeAfterStop, undeliverableReason, undeliverableSince, type OutboxMessage } from '../../src/domain/outbox.js';

const now = new Date('2026-11-30T09:00:00Z');
const at = (o: ReturnType<typeof afterFailure>) => (o.kind === 'retry' ? o.at.getTime() - now.getTime() : NaN);

describe('the outbox retry policy (the only one: the connector client makes one request per attempt)', () => {
  it('never retries 403 or 404, and says why', () => {
    expect(afterFailure(403, 1, now, undefined)).toEqual({
      kind: 'give-up',
      status: 'unreachable',
      reason: 'forbidden (bot blocked or app removed)',
      code: 'blocked',
    });
    expect(afterFailure(404, 1, now, undefined)).toEqual({
      kind: 'give-up',
      status: 'unreachable',
      reason: 'conversation not found',
      code: 'conversation-gone',
    });
    expect(afterFailure(400, 1, now, undefined)).toMatchObject({ kind: 'give-up', status: 'failed' });
  });

  it('retries 429, 412, 5xx and network errors with exponential backoff and full jitter', () => {
    for (const code of [429, 412, 500, 502, 503, undefined]) expect(afterFailure(code, 1, now, undefined, () => 0.5).kind).toBe('retry');
    expect(at(afterFailure(500, 1, now, undefined, () => 1))).toBe(1_000);
    expect(at(afterFailure(500, 3, now, undefined, () => 1))).toBe(4_000);
    expect(at(afterFailure(500, 3, now, undefined, () => 0.25))).toBe(1_000);
    expect(at(afterFailure(500, 30, now, undefined, () => 1, { ...DEFAULT_RETRY, maxAttempts: 99 }))).toBe(DEFAULT_RETRY.maxMs);
  });

  it('never retries sooner than Retry-After', () => {
    expect(at(afterFailure(429, 1, now, 7, () => 0))).toBe(7_000);
    expect(at(afterFailure(429, 5, now, 1, () => 1))).toBe(16_000);
  });

  it('gives up after the bounded number of attempts', () => {
    expect(afterFailure(503, DEFAULT_RETRY.maxAttempts, now, undefined)).toMatchObject({
      kind: 'give-up',
      status: 'failed',
      reason: 'gave up after 6 attempts (last: 503)',
    });
  });
});

describe('undelivered messages, by reason', () => {
  const base = { kind: 'x', activity: {}, attempts: 1, nextAttemptAt: '', createdAt: '2026-12-01T09:00:00.000Z' };
  const m = (id: string, extra: Partial<OutboxMessage>): OutboxMessage => ({ ...base, id, status: 'pending', ...extra });

  it('names the reason, also for records written before reasons were stored', () => {
    expect(undeliverableReason(m('a', { status: 'unreachable', error: 'forbidden (bot blocked or app removed)' }))).toBe('blocked');
    expect(undeliverableReason(m('b', { status: 'unreachable', error: 'conversation not found' }))).toBe('conversation-gone');
    expect(undeliverableReason(m('c', { status: 'failed', error: 'gave up after 6 attempts (last: 503)' }))).toBe('gave-up');
    expect(undeliverableReason(m('d', { status: 'failed', error: 'HTTP 400' }))).toBe('rejected');
    expect(undeliverableReason(m('e', { status: 'not-installed' }))).toBe('not-installed');
    expect(undeliverableReason(m('f', { status: 'sent' }))).toBeUndefined();
  });

  it('counts those given up since a moment, by when they were given up', () => {
    const counts = undeliverableSince(
      [
        m('a', { status: 'unreachable', reason: 'conversation-gone', failedAt: '2026-12-07T09:00:00.000Z' }),
        m('b', { status: 'unreachable', reason: 'conversation-gone', failedAt: '2026-11-20T09:00:00.000Z' }),
        m('c', { status: 'failed', reason: 'gave-up', failedAt: '2026-12-06T09:00:00.000Z' }),
        m('d', { status: 'sent' }),
      ],
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(counts).toEqual({ 'conversation-gone': 1, blocked: 0, rejected: 0, 'gave-up': 1, 'not-installed': 0 });
  });
});

describe('a message stopped while its request was with Teams', () => {
  const base: OutboxMessage = { id: 'm1', kind: 'call', status: 'pending', attempts: 1, nextAttemptAt: now.toISOString(), createdAt: now.toISOString() };
  it("keeps Teams' answer when it is final: delivered stays sent, a 403 stays unreachable", () => {
    expect(outcomeAfterStop({ stopRequested: true }, { ...base, status: 'sent' })).toMatchObject({ status: 'sent', stopRequested: true });
    expect(outcomeAfterStop({ stopRequested: true }, { ...base, status: 'unreachable' })).toMatchObject({ status: 'unreachable' });
  });
  it('is not tried again: a retry becomes cancelled', () => {
    expect(outcomeAfterStop({ stopRequested: true }, { ...base, error: 'HTTP 500' })).toMatchObject({
      status: 'cancelled',
      error: 'stopped by the coordinator',
    });
  });
  it('changes nothing for a message nobody stopped', () => {
    const retry = { ...base, error: 'HTTP 500' };
    expect(outcomeAfterStop({}, retry)).toBe(retry);
    expect(outcomeAfterStop(undefined, retry)).toBe(retry);
  });
});
