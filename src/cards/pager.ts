import { z } from 'zod';
import type { Translate } from '../i18n/index.js';
import type { Page } from '../domain/paging.js';

/** A page number as card data carries it back (whatever the card claims, at most 10,000). */
export const pageNumber = z.number().int().min(1).max(10_000).optional().default(1);

export interface PagerVm {
  /** "Viser 11–20 av 43"; empty when everything fits on one page. */
  range: string;
  /** Action data of the previous and next page, null where there is none. */
  previous: Record<string, unknown> | null;
  next: Record<string, unknown> | null;
  t: { previous: string; next: string };
}

/** Previous / next buttons for a paged list: `dataFor(page)` is the action data that shows that page. */
export function pagerVm(tr: Translate, page: Page<unknown>, dataFor: (page: number) => Record<string, unknown>): PagerVm {
  return {
    range: page.pages > 1 ? tr('nav.range', { from: page.from, to: page.to, total: page.total }) : '',
    previous: page.page > 1 ? dataFor(page.page - 1) : null,
    next: page.page < page.pages ? dataFor(page.page + 1) : null,
    t: { previous: tr('nav.previous'), next: tr('nav.next') },
  };
}
