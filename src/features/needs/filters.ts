import type { Identity } from '../../domain/identity.js';
import type { ListScope } from '../../cards/list-states.js';

// The filter schema lives with every verb's schema (cards/list-states.ts); who may list what, here.
export { ALL, LIST_SCOPES, filterSchema, type Filters, type ListScope } from '../../cards/list-states.js';
export const PAGE_SIZE = 10;

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
