import { describe, it, expect } from 'vitest';
import { markRead, readState, readThrough } from '../../src/domain/read-receipts.js';
import type { OutboxMessage } from '../../src/domain/outbox.js';

const sent = (id: string, activityId: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id,
  kind: 'call',
  personId: 'kari',
  conversationId: 'a:kari',
  status: 'sent',
  attempts: 1,
  nextAttemptAt: '2026-12-01T09:00:00Z',
  createdAt: '2026-12-01T09:00:00Z',
  activityId,
  ...extra,
});

describe('read receipts', () => {
  it('compares numeric Teams message ids as numbers, anything else only for equality', () => {
    expect(readThrough('999', '1000')).toBe(true); // as strings "999" > "1000"
    expect(readThrough('1796083200005', '1796083200005')).toBe(true);
    expect(readThrough('1796083200006', '1796083200005')).toBe(false);
    expect(readThrough('1:abc', '1:abd')).toBe(false);
    expect(readThrough('1:abc', '1:abc')).toBe(true);
    expect(readThrough('5', 'x')).toBe(false);
  });

  it("marks only the person's delivered, unread messages up to the last one read; again, nothing", () => {
    const messages = [
      sent('a', '100'),
      sent('b', '200'),
      sent('c', '300'),
      sent('d', '150', { personId: 'astrid' }),
      sent('e', '120', { status: 'failed' }),
      sent('f', '90', { readAt: '2026-11-30T10:00:00Z' }),
    ];
    const read = markRead(messages, 'kari', '200', '2026-12-01T10:00:00Z');
    expect(read.map((m) => [m.id, m.readAt])).toEqual([
      ['a', '2026-12-01T10:00:00Z'],
      ['b', '2026-12-01T10:00:00Z'],
    ]);
    expect(markRead(read, 'kari', '200', '2026-12-01T11:00:00Z')).toEqual([]);
  });

  it('says "read" only from a receipt, "not read" only for someone who sends receipts, else unknown', () => {
    expect(readState({ readAt: '2026-12-01T10:00:00Z' }, true)).toBe('read');
    expect(readState({}, true)).toBe('unread');
    expect(readState({}, false)).toBe('unknown');
  });
});
