import type { Identity } from '../domain/identity.js';
import type { MessageKey } from '../i18n/index.js';

export interface MenuEntry {
  /** Catalog key of the button title. */
  title: MessageKey;
  /** Catalog key of the command the button types for the person. */
  command: MessageKey;
  /** Whether this person may use the action (checked again on the server when it runs). */
  allowed(identity: Identity): boolean;
  /** Place on the menu, lowest first: a number, or one per role (see `byRole`). */
  order: number | ((identity: Identity) => number);
}

/**
 * Teams and the Playground show about five card actions before the overflow ("…"), so each role
 * gets its most used actions in places 1–5: an entry names its place for a coordinator and for a
 * contact person, and `otherwise` for everyone else (and for the roles it does not name).
 */
export function byRole(places: { coordinator?: number; contact?: number }, otherwise: number): (identity: Identity) => number {
  return (identity) => {
    if (identity.coordinatedClusters.length) return places.coordinator ?? otherwise;
    if (identity.roles.includes('contact')) return places.contact ?? otherwise;
    return otherwise;
  };
}

/** The help menu: each feature adds the actions it offers. */
export class MenuRegistry {
  private readonly entries: MenuEntry[] = [];

  add(entry: MenuEntry): void {
    this.entries.push(entry);
  }

  for(identity: Identity): MenuEntry[] {
    const place = (e: MenuEntry) => (typeof e.order === 'number' ? e.order : e.order(identity));
    return this.entries
      .filter((e) => e.allowed(identity))
      .map((e) => ({ e, at: place(e) }))
      .sort((a, b) => a.at - b.at)
      .map(({ e }) => e);
  }
}
