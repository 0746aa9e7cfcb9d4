import type { Translate } from '../../i18n/index.js';
import { expand, type AdaptiveCard } from '../../cards/templates.js';
import type { WaitingItem } from './arrivals.js';

/** "Waiting for you": what came in before the person installed the bot, with counts and a button each. */
export function waitingCard(tr: Translate, municipality: string, items: WaitingItem[]): AdaptiveCard {
  const shown = items.filter((i) => i.count > 0);
  return expand('waiting', {
    title: tr('waiting.title'),
    intro: tr('waiting.intro', { municipality }),
    items: shown.map((i) => ({ label: i.label, value: String(i.count), button: i.button, command: i.command })),
    notes: shown.map((i) => i.note).filter((n): n is string => !!n),
  });
}
