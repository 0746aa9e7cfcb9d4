import { z } from 'zod';
import type { Identity } from '../../domain/identity.js';
import { NEED_STATUSES, SERVICE_AREAS } from '../../domain/needs/types.js';
import { pageNumber } from '../../cards/pager.js';

export const LIST_SCOPES = ['mine', 'municipality', 'cluster'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];
export const PAGE_SIZE = 10;
/** The value of a filter's "Alle" choice (a choice with an empty value reads as "nothing chosen" in Teams). */
export const ALL = 'all';

/** A filter value from a card: "Alle" (or nothing) means no filter. */
const filter = <T extends string>(value: z.ZodType<T>) =>
  z.union([z.literal(''), z.literal(ALL), value]).optional().transform((v) => (!v || v === ALL ? '' : v) as '' | T);

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

/** The list scope a person gets for `behov`: coordinators their clusters, contacts their municipality. */
export function defaultScope(identity: Identity): ListScope {
  if (identity.roles.includes('coordinator') && identity.coordinatedClusters.length) return 'cluster';
  if (identity.roles.includes('contact')) return 'municipality';
  return 'mine';
}

/** Whether a person may list `scope` (checked on the server whatever the card says). */
export function mayList(identity: Identity, scope: ListScope): boolean {
  if (scope === 'mine') return true;
  if (scope === 'municipality') return identity.roles.includes('contact');
  return identity.roles.includes('coordinator') && identity.coordinatedClusters.length > 0;
}

