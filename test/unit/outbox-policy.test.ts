import { describe, it, expect } from 'vitest';
import { afterFailure, DEFAULT_RETRY } from '../../src/domain/outbox.js';

const now = new Date('2026-11-30T09:00:00Z');
const at = (o: ReturnType<typeof afterFailure>) => (o.kind === 'retry' ? o.at.getTime() - now.getTime() : NaN);

describe('the outbox retry policy (the only one: the connector client makes one request per attempt)', () => {
  it('never retries 403 or 404, and says why', () => {
    expect(afterFailure(403, 1, now, undefined)).toEqual({ kind: 'give-up', status: 'unreachable', reason: 'forbidden (bot blocked or app removed)', code: 'blocked' });
    expect(afterFailure(404, 1, now, undefined)).toEqual({ kind: 'give-up', status: 'unreachable', reason: 'conversation not found', code: 'conversation-gone' });
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
    expect(afterFailure(503, DEFAULT_RETRY.maxAttempts, now, undefined)).toMatchObject({ kind: 'give-up', status: 'failed', reason: 'gave up after 6 attempts (last: 503)' });
  });
});
