import type { Deps } from '../../deps.js';
import { trackedIn } from '../../domain/reminders.js';

/** Municipalities tracked in a cluster: its members in the directory plus any invited since. */
export async function trackedMunicipalities(deps: Deps, cluster: string): Promise<string[]> {
  return trackedIn(deps.directory.cluster(cluster)?.members ?? [], await deps.store.participation.stored(cluster));
}
