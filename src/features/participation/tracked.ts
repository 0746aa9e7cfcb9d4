import type { Deps } from '../../deps.js';
import { trackedIn } from '../../domain/reminders.js';

/** Municipalities tracked in a cluster: its members in the directory plus any invited since. */
export function trackedMunicipalities(deps: Deps, cluster: string): string[] {
  return trackedIn(deps.directory.cluster(cluster)?.members ?? [], deps.store.participation.stored(cluster));
}
