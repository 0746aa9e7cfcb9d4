import type { Directory } from '../../directory/directory.js';
import type { Identity } from '../identity.js';
import type { ActorKind, Need } from './types.js';

/** True when the person coordinates a cluster (or region) that `municipality` belongs to. */
export function coordinatesMunicipality(identity: Identity, municipality: string, directory: Directory): boolean {
  return identity.coordinatedClusters.some((c) => directory.cluster(c)?.members.includes(municipality));
}

/** The capacities in which a person may act on a need (none = may not see it). */
export function actorsFor(identity: Identity, need: Need, directory: Directory): ActorKind[] {
  const actors: ActorKind[] = [];
  if (need.authorId && need.authorId === identity.personId) actors.push('author');
  if (identity.roles.includes('contact') && identity.municipality === need.municipality) actors.push('contact');
  if (identity.roles.includes('coordinator') && coordinatesMunicipality(identity, need.municipality, directory)) actors.push('coordinator');
  return actors;
}

export function canSee(identity: Identity, need: Need, directory: Directory): boolean {
  return actorsFor(identity, need, directory).length > 0;
}

/** Municipalities whose needs a person works with: coordinated clusters, else their own (contact). */
export function workingMunicipalities(identity: Identity, directory: Directory): string[] {
  if (identity.roles.includes('coordinator') && identity.coordinatedClusters.length) {
    return [...new Set(identity.coordinatedClusters.flatMap((c) => directory.cluster(c)?.members ?? []))];
  }
  if (identity.roles.includes('contact')) return [identity.municipality];
  return [];
}

/** Municipalities in the same clusters (or region) as `municipality`: where similar needs are looked for. */
export function neighbourhood(municipality: string, directory: Directory): Set<string> {
  const out = new Set<string>();
  for (const c of directory.clustersOf(municipality)) for (const m of c.members) out.add(m);
  const region = directory.municipality(municipality)?.region;
  if (region) for (const c of directory.clustersInRegion(region)) for (const m of c.members) out.add(m);
  out.delete(municipality);
  return out;
}
