import type { Identity } from '../../domain/identity.js';
import type { MessageKey } from '../../i18n/index.js';

export interface MenuEntry {
  /** Catalog key of the button title. */
  title: MessageKey;
  /** Catalog key of the command the button types for the person. */
  command: MessageKey;
  /** Whether this person may use the action (checked again on the server when it runs). */
  allowed(identity: Identity): boolean;
  order: number;
}

/** The help menu: each feature adds the actions it offers. */
export class MenuRegistry {
  private readonly entries: MenuEntry[] = [];

  add(entry: MenuEntry): void {
    this.entries.push(entry);
  }

  for(identity: Identity): MenuEntry[] {
    return this.entries.filter((e) => e.allowed(identity)).sort((a, b) => a.order - b.order);
  }
}
