import { z } from 'zod';
import { NEED_STATUSES, SERVICE_AREAS } from '../domain/needs/types.js';
import { pageNumber } from './pager.js';

/**
 * Where a person is in a list, as card data carries it: the list's buttons ask for it, and a record
 * opened from the list carries it back (validated like the list's own).
 */

export const LIST_SCOPES = ['mine', 'municipality', 'cluster'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];
/** The value of a filter's "Alle" choice (a choice with an empty value reads as "nothing chosen" in Teams). */
export const ALL = 'all';

/** A filter value from a card: "Alle" (or nothing) means no filter. */
const filter = <T extends string>(value: z.ZodType<T>) =>
  z
    .union([z.literal(''), z.literal(ALL), value])
    .optional()
    .transform((v) => (!v || v === ALL ? '' : v) as '' | T);

/** A needs list as a card asks for it (filters, page) and as a need's detail carries it back. */
export const filterSchema = z.object({
  scope: z.enum(LIST_SCOPES),
  status: filter(z.enum(NEED_STATUSES)),
  theme: filter(z.string().max(100)),
  serviceArea: filter(z.enum(SERVICE_AREAS)),
  municipality: filter(z.string().regex(/^\d{4}$/)),
  page: pageNumber,
});
export type Filters = z.infer<typeof filterSchema>;

/**
 * Which calls list a person is on and which page: a coordinator's own calls (`managed`) or the open
 * calls addressed to the person (`open`). A call opened from the list carries it back.
 */
export const callListState = z.object({ list: z.enum(['managed', 'open']), page: pageNumber });
export type CallListState = z.infer<typeof callListState>;

/**
 * Where a coordinator is in the cluster overview: the page shown of each cluster's municipalities.
 * A municipality's card carries it, so its Back button returns to the same pages.
 */
export const overviewState = z.object({
  pages: z
    .record(z.string().min(1).max(100), z.number().int().min(1).max(1000))
    .refine((pages) => Object.keys(pages).length <= 100, 'too many clusters')
    .optional()
    .default({}),
});
export type OverviewState = z.infer<typeof overviewState>;
