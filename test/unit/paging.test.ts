import { describe, it, expect } from 'vitest';
import { pageOf } from '../../src/domain/paging.js';

const items = Array.from({ length: 43 }, (_, i) => i + 1);

describe('pageOf', () => {
  it('cuts a page and says where it sits', () => {
    expect(pageOf(items, 2, 10)).toMatchObject({ page: 2, pages: 5, from: 11, to: 20, total: 43, items: items.slice(10, 20) });
    expect(pageOf(items, 5, 10)).toMatchObject({ from: 41, to: 43, items: [41, 42, 43] });
  });

  it('shows the last page for a page past the end, and the first for nonsense', () => {
    expect(pageOf(items, 99, 10).page).toBe(5);
    expect(pageOf(items, 0, 10).page).toBe(1);
    expect(pageOf(items, Number.NaN, 10).page).toBe(1);
    expect(pageOf([], 3, 10)).toMatchObject({ page: 1, pages: 1, from: 0, to: 0, total: 0, items: [] });
  });
});
