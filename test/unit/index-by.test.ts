import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/store/engine.js';
import { IndexBy } from '../../src/store/index-by.js';

interface Rec {
  id: string;
  owner?: string;
}

describe('IndexBy (in-memory secondary index)', () => {
  it('indexes what is stored at start and follows every commit: add, change of key, delete', async () => {
    const engine = Engine.memory();
    await engine.commit([
      { c: 'r', id: 'a', v: { id: 'a', owner: 'x' } },
      { c: 'r', id: 'b', v: { id: 'b', owner: 'y' } },
    ]);
    const index = new IndexBy<Rec>(engine, 'r', (r) => r.owner);
    expect(index.get('x').map((r) => r.id)).toEqual(['a']);

    await engine.commit([{ c: 'r', id: 'c', v: { id: 'c', owner: 'x' } }]);
    expect(index.get('x').map((r) => r.id)).toEqual(['a', 'c']);

    await engine.commit([{ c: 'r', id: 'a', v: { id: 'a', owner: 'y' } }]);
    expect(index.get('x').map((r) => r.id)).toEqual(['c']);
    expect(
      index
        .get('y')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a', 'b']);

    await engine.commit([
      { c: 'r', id: 'b' },
      { c: 'r', id: 'c', v: { id: 'c' } },
    ]);
    expect(index.get('y').map((r) => r.id)).toEqual(['a']);
    expect(index.get('x')).toEqual([]);
    expect(index.count('x')).toBe(0);
  });

  it('returns the current record, not the one indexed', async () => {
    const engine = Engine.memory();
    const index = new IndexBy<Rec & { n: number }>(engine, 'r', (r) => r.owner);
    await engine.commit([{ c: 'r', id: 'a', v: { id: 'a', owner: 'x', n: 1 } }]);
    await engine.commit([{ c: 'r', id: 'a', v: { id: 'a', owner: 'x', n: 2 } }]);
    expect(index.get('x')).toEqual([{ id: 'a', owner: 'x', n: 2 }]);
  });
});
