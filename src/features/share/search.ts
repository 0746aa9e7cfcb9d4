import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Need } from '../../domain/needs/types.js';
import { canSee, workingMunicipalities } from '../../domain/needs/scope.js';
import { searchNeeds } from '../../domain/needs/search.js';

/**
 * The needs a person may see, by the needs lists' rules: their own, their municipality's (contact),
 * their clusters' (coordinator). Each is checked with `canSee` once more.
 */
export async function visibleNeeds(deps: Deps, identity: Identity): Promise<Need[]> {
  const [own, working] = await Promise.all([
    deps.store.needs.byAuthor(identity.personId),
    deps.store.needs.inMunicipalities(workingMunicipalities(identity, deps.directory)),
  ]);
  const byId = new Map([...own, ...working].map((n) => [n.id, n]));
  return [...byId.values()].filter((n) => canSee(identity, n, deps.directory));
}

/** Up to `limit` needs the person may see that match `query` (a reference, title or words). */
export async function findNeeds(deps: Deps, identity: Identity, query: string, skip: number, limit: number): Promise<Need[]> {
  return searchNeeds(await visibleNeeds(deps, identity), query, skip + limit).slice(skip);
}

/** The need with reference `ref`, if the person may see it. */
export async function visibleByRef(deps: Deps, identity: Identity, ref: string): Promise<Need | undefined> {
  return (await visibleNeeds(deps, identity)).find((n) => n.ref === ref);
}
