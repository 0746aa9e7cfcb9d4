/** One page of a list: which items it shows and where it sits in the whole. */
export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 1-based position of the first and last item shown (0 and 0 when the list is empty). */
  from: number;
  to: number;
  total: number;
}

/** Cuts page `page` of `size` items out of `all`; a page past the end shows the last one. */
export function pageOf<T>(all: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const items = all.slice((p - 1) * size, p * size);
  return { items, page: p, pages, from: items.length ? (p - 1) * size + 1 : 0, to: (p - 1) * size + items.length, total: all.length };
}
