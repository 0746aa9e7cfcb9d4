import type { Identity } from '../../domain/identity.js';
import type { Translate } from '../../i18n/index.js';
import type { Logger } from '../../logger.js';

/** Something waiting for a person who has just installed the bot, as a line with a count and a button. */
export interface WaitingItem {
  label: string;
  count: number;
  /** Button title, and the command it types (opens the list). */
  button: string;
  command: string;
  /** A sentence under the counts (e.g. that the calls arrive as their own messages). */
  note?: string;
}

/** Runs when a person opens a new 1:1 chat with the bot; may deliver what waited for them, and says what is waiting. */
export type ArrivalHook = (identity: Identity, tr: Translate) => Promise<WaitingItem[]>;

/** What features do when someone installs the bot: each adds its hook, run in `order`. */
export class ArrivalRegistry {
  private readonly hooks: { order: number; hook: ArrivalHook }[] = [];

  add(order: number, hook: ArrivalHook): void {
    this.hooks.push({ order, hook });
    this.hooks.sort((a, b) => a.order - b.order);
  }

  /** Runs every hook; one that fails is logged and skipped, so the welcome still arrives. */
  async arrive(identity: Identity, tr: Translate, log: Logger): Promise<WaitingItem[]> {
    const items: WaitingItem[] = [];
    for (const { hook } of this.hooks) {
      try {
        items.push(...(await hook(identity, tr)));
      } catch (err) {
        log.error({ err, personId: identity.personId }, 'an arrival hook failed');
      }
    }
    return items;
  }
}
