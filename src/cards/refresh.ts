import type { AdaptiveCard } from './templates.js';
import type { Verb } from './verbs.js';

/** Teams refreshes a card automatically for at most 60 listed users. */
export const MAX_REFRESH_USERS = 60;

/**
 * The card with a Universal Actions `refresh`: when one of `userIds` (Teams user ids, `29:…`) sees
 * it, Teams invokes `verb` with `data` (trigger "automatic") and shows the card the bot answers.
 * Without a known user id the card is returned as it is (no refresh for anyone else).
 * Returns a new object; the card given is not changed (it may be shared between recipients).
 */
export function withRefresh(card: AdaptiveCard, verb: Verb, data: Record<string, unknown>, userIds: readonly (string | undefined)[]): AdaptiveCard {
  const ids = [...new Set(userIds.filter((id): id is string => !!id))].slice(0, MAX_REFRESH_USERS);
  if (!ids.length) return card;
  return { ...card, refresh: { action: { type: 'Action.Execute', verb, data }, userIds: ids } };
}
