import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, IndexDef } from '../../src/store/backend.js';
import { ConflictError } from '../../src/store/errors.js';
import { inUnit, Unit, withRetry } from '../../src/store/unit.js';
import { closeAll, kinds, server } from './backends.js';

interface Thing {
  id: string;
  owner?: string;
  n: number;
}

const byOwner: IndexDef<Thing> = { name: 'byOwner', collection: 'things', key: (t) => t.owner };

afterAll(async () => {
  await closeAll();
  await server?.stop();
});

describe.each(kinds)('$name: shared semantics', ({ open, skip }) => {
  it.skipIf(skip)('stores, reads, indexes and deletes records; an index declared after the data is built from it', async () => {
    const b: Backend = await open();
    await b.commit([
      { c: 'things', id: 'a', v: { id: 'a', owner: 'kari', n: 1 } },
      { c: 'things', id: 'b', v: { id: 'b', owner: 'ola', n: 2 } },
      { c: 'things', id: 'c', v: { id: 'c', owner: 'kari', n: 3 } },
    ]);
    b.defineIndex(byOwner);
    expect(await b.get('things', 'b')).toEqual({ id: 'b', owner: 'ola', n: 2 });
    expect(await b.getMany('things', ['c', 'x', 'a'])).toEqual([{ id: 'c', owner: 'kari', n: 3 }, undefined, { id: 'a', owner: 'kari', n: 1 }]);
    expect((await b.values<Thing>('things')).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(await b.count('things')).toBe(3);
    expect((await b.byKey(byOwner, 'kari')).map((t) => t.id)).toEqual(['a', 'c']);
    expect(await b.countByKey(byOwner, 'kari')).toBe(2);

    await b.commit([
      { c: 'things', id: 'a', v: { id: 'a', owner: 'ola', n: 1 } },
      { c: 'things', id: 'c', v: { id: 'c', owner: 'kari', n: 30 } },
      { c: 'things', id: 'd', v: { id: 'd', n: 4 } },
      { c: 'things', id: 'b' },
    ]);
    expect((await b.byKey<Thing>(byOwner, 'kari')).map((t) => [t.id, t.n])).toEqual([['c', 30]]);
    expect((await b.byKey<Thing>(byOwner, ['kari', 'ola'])).map((t) => t.id)).toEqual(['c', 'a']);
    expect(await b.countByKey(byOwner, 'ola')).toBe(1);
    expect(await b.get('things', 'b')).toBeUndefined();
    expect(await b.count('things')).toBe(3);
    expect((await b.describe()).counts).toMatchObject({ things: 3 });
  });

  it.skipIf(skip)('two units that read the same record and both commit: exactly one conflict, nothing lost', async () => {
    const b = await open();
    await b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 0 } }]);
    const [u1, u2] = [new Unit(), new Unit()];
    const r1 = (await inUnit(() => b.get<Thing>('things', 'x'), u1))!;
    const r2 = (await inUnit(() => b.get<Thing>('things', 'x'), u2))!;
    await inUnit(() => b.commit([{ c: 'things', id: 'x', v: { ...r1, n: r1.n + 1 } }]), u1);
    const second = inUnit(() => b.commit([{ c: 'things', id: 'x', v: { ...r2, n: r2.n + 10 } }]), u2);
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow('things/x');
    expect(await b.get('things', 'x')).toEqual({ id: 'x', n: 1 });
    // the unit that won goes on from what it wrote
    await inUnit(() => b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 2 } }]), u1);
    expect(await b.get('things', 'x')).toEqual({ id: 'x', n: 2 });
  });

  it.skipIf(skip)('two units that both found a record absent: the second to create it gets a conflict', async () => {
    const b = await open();
    const [u1, u2] = [new Unit(), new Unit()];
    expect(await inUnit(() => b.get('things', 'new'), u1)).toBeUndefined();
    expect(await inUnit(() => b.get('things', 'new'), u2)).toBeUndefined();
    await inUnit(() => b.commit([{ c: 'things', id: 'new', v: { id: 'new', n: 1 } }]), u1);
    await expect(inUnit(() => b.commit([{ c: 'things', id: 'new', v: { id: 'new', n: 2 } }]), u2)).rejects.toBeInstanceOf(ConflictError);
    expect(await b.get('things', 'new')).toEqual({ id: 'new', n: 1 });
  });

  it.skipIf(skip)('a commit is all or nothing: one conflicting op keeps every other op of it out', async () => {
    const b = await open();
    await b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 0 } }]);
    const unit = new Unit();
    const read = (await inUnit(() => b.get<Thing>('things', 'x'), unit))!;
    await b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 5 } }]);
    const ops = [
      { c: 'things', id: 'y', v: { id: 'y', n: 1 } },
      { c: 'other', id: 'z', v: { id: 'z', n: 1 } },
      { c: 'things', id: 'x', v: { ...read, n: read.n + 1 } },
    ];
    await expect(inUnit(() => b.commit(ops), unit)).rejects.toBeInstanceOf(ConflictError);
    expect(await b.getMany('things', ['x', 'y'])).toEqual([{ id: 'x', n: 5 }, undefined]);
    expect(await b.count('other')).toBe(0);
  });

  it.skipIf(skip)('deleting a record that changed since it was read is a conflict', async () => {
    const b = await open();
    await b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 0 } }]);
    const unit = new Unit();
    await inUnit(() => b.get('things', 'x'), unit);
    await b.commit([{ c: 'things', id: 'x', v: { id: 'x', n: 1 } }]);
    await expect(inUnit(() => b.commit([{ c: 'things', id: 'x' }]), unit)).rejects.toBeInstanceOf(ConflictError);
    expect(await b.get('things', 'x')).toEqual({ id: 'x', n: 1 });
  });

  it.skipIf(skip)('100 concurrent increments through withRetry end at exactly 100', async () => {
    const b = await open();
    await b.commit([{ c: 'things', id: 'count', v: { id: 'count', n: 0 } }]);
    const increment = () =>
      withRetry(
        async () => {
          const t = (await b.get<Thing>('things', 'count'))!;
          await b.commit([{ c: 'things', id: 'count', v: { ...t, n: t.n + 1 } }]);
        },
        { attempts: 1000 },
      );
    await Promise.all(Array.from({ length: 100 }, increment));
    expect(await b.get('things', 'count')).toEqual({ id: 'count', n: 100 });
  });

  it.skipIf(skip)('claiming the same candidates twice: each record is claimed once, with the patch', async () => {
    const b = await open();
    await b.commit(Array.from({ length: 10 }, (_, i) => ({ c: 'things', id: `t${i}`, v: { id: `t${i}`, n: i } })));
    const candidates = await inUnit(() => b.values<Thing>('things'));
    const first = await inUnit(() => b.claim('things', candidates.slice(0, 6), (t) => ({ ...t, owner: 'first' })));
    const second = await inUnit(() => b.claim('things', candidates, (t) => ({ ...t, owner: 'second' })));
    expect(first.map((t) => t.id)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
    expect(second.map((t) => t.id).sort()).toEqual(['t6', 't7', 't8', 't9']);
    expect((await b.values<Thing>('things')).map((t) => t.owner)).toEqual([...Array(6).fill('first'), ...Array(4).fill('second')]);
  });
});
