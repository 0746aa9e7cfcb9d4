import { afterAll, describe, expect, it } from 'vitest';
import { SharedLimiter, SlidingWindowLimiter } from '../../src/features/change-limiter.js';
import { closeAll, freshPg, server, skipped, sibling } from './backends.js';

afterAll(async () => {
  await closeAll();
  await server?.stop();
});

describe.skipIf(!server)(`the per-person change limit is one limit across instances${skipped}`, () => {
  it('allows 30 changes a minute to a person whose clicks reach three instances, not 90, and frees them as the minute passes', async () => {
    const url = await server!.createDatabase();
    const instances = [await freshPg({}, url), await sibling(url), await sibling(url)];
    const limiters = instances.map((b) => new SharedLimiter(b, 30));
    const at = new Date('2026-12-02T10:00:00Z');
    // 90 clicks at the same moment, round-robin over the instances
    const answers = await Promise.all(Array.from({ length: 90 }, (_, i) => limiters[i % 3].allow('aad-kari', at)));
    expect(answers.filter(Boolean)).toHaveLength(30);
    // another person is not affected
    expect(await limiters[1].allow('aad-ingrid', at)).toBe(true);
    // two seconds later one more (30 a minute), not a whole new minute's worth
    const later = new Date(at.getTime() + 2_000);
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => limiters[i % 3].allow('aad-kari', later)));
    expect(again.filter(Boolean)).toHaveLength(1);
    // a minute on: a full burst again
    const minute = new Date(at.getTime() + 62_000);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 3].allow('aad-kari', minute)));
    expect(burst.filter(Boolean)).toHaveLength(30);
  });

  it('the in-process limiter, by contrast, allows each instance its own 30 (why it is not used on PostgreSQL)', () => {
    const at = new Date('2026-12-02T10:00:00Z');
    const limiters = [0, 1, 2].map(() => new SlidingWindowLimiter(30));
    const answers = Array.from({ length: 90 }, (_, i) => limiters[i % 3].allow('aad-kari', at));
    expect(answers.filter(Boolean)).toHaveLength(90);
  });
});
