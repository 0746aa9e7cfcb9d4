import type { Deps } from '../../deps.js';
import type { Audience } from '../../domain/calls/types.js';

export interface Recipient {
  personId?: string;
  name: string;
  /** The directory e-mail of someone who has not talked to the bot yet (so a later install finds what waited). */
  email?: string;
  municipality: string;
  isContact: boolean;
}

/**
 * Who a call reaches: the contact persons of every targeted municipality, and with audience
 * "all" also everyone the bot or the directory knows there. One entry per person.
 */
export async function recipientsFor(deps: Deps, municipalities: readonly string[], audience: Audience): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  for (const m of municipalities) {
    const directoryPeople = deps.directory.peopleIn(m).filter((p) => audience === 'all' || p.roles.includes('contact'));
    for (const p of directoryPeople) {
      const record = await deps.store.people.findByEmail(p.email);
      const key = record?.id ?? `email:${p.email.toLowerCase()}`;
      out.set(key, {
        personId: record?.id,
        name: p.name,
        ...(record ? {} : { email: p.email.toLowerCase() }),
        municipality: m,
        isContact: p.roles.includes('contact'),
      });
    }
    if (audience === 'all') {
      for (const record of await deps.store.people.byMunicipality(m)) {
        if (!out.has(record.id)) out.set(record.id, { personId: record.id, name: record.name, municipality: m, isContact: false });
      }
    }
  }
  return [...out.values()];
}

/** How many recipients can be reached now (have a stored 1:1 conversation) and how many cannot. */
export async function reach(deps: Deps, recipients: readonly Recipient[]): Promise<{ reachable: number; notInstalled: number }> {
  const found = await Promise.all(recipients.map(async (r) => (r.personId ? await deps.store.conversations.personalOf(r.personId) : undefined)));
  const reachable = found.filter(Boolean).length;
  return { reachable, notInstalled: recipients.length - reachable };
}
