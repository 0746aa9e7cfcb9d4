import type { Deps } from '../../deps.js';

/** Municipalities tracked in a cluster: its members in the directory plus any invited since. */
export function trackedMunicipalities(deps: Deps, cluster: string): string[] {
  const members = deps.directory.cluster(cluster)?.members ?? [];
  return [...new Set([...members, ...deps.store.participation.stored(cluster).map((p) => p.municipality)])];
}
