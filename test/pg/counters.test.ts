import { afterAll, describe, expect, it } from 'vitest';
import { reserveNumber } from '../../src/store/counters.js';
import { withRetry } from '../../src/store/unit.js';
import { closeAll, server, sibling, skipped } from './backends.js';

afterAll(async () => {
  await closeAll();
  await server?.stop();
});

describe.skipIf(!server)(`PostgreSQL: reference numbers across instances${skipped}`, () => {
  it('60 registrations at the same moment on 3 instances each get their own number, none repeated, none refused', async () => {
    const url = await server!.createDatabase();
    const three = await Promise.all([0, 1, 2].map(() => sibling(url)));
    const now = new Date('2026-12-02T10:00:00Z');
    // as a registration does it: the number and the record in one unit of work, run again after a conflict
    const numbers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        withRetry(async () => {
          const b = three[i % 3];
          const { n, ops } = await reserveNumber(b, 'needs', now, 'Europe/Oslo');
          await b.commit([...ops, { c: 'needs', id: `n${i}`, v: { id: `n${i}`, n } }]);
          return n;
        }),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await three[0].get('counters', 'needs-2026')).toEqual({ id: 'needs-2026', value: 60 });
    expect(await three[1].count('needs')).toBe(60);
  });
});
