/** A municipality whose participation is pending is reminded every this many days. */
export const PARTICIPATION_EVERY_DAYS = 14;
/** A need still waiting for assessment after this many days is reminded once. */
export const NEED_WAITING_DAYS = 10;

/** Municipalities tracked in a cluster: its members in the directory plus any invited since (stored). */
export function trackedIn(members: readonly string[], stored: readonly { municipality: string }[]): string[] {
  return [...new Set([...members, ...stored.map((p) => p.municipality)])];
}

/** Reminder kinds, each also the id of the renderer that draws it when it is sent (each feature registers its own). */
export const REMINDER = {
  call: 'reminder.call',
  participation: 'reminder.participation',
  need: 'reminder.need',
  digest: 'reminder.digest',
} as const;
