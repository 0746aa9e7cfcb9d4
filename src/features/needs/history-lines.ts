import type { HistoryEntry, NeedStatus } from '../../domain/needs/types.js';
import type { Translate } from '../../i18n/index.js';

const who = (tr: Translate, name: string | null | undefined) => name || tr('need.fact.anonymous');

/**
 * A need's history in words, oldest first, the same on the card and in the CSV export: who did
 * what, status names and notes in the reader's language, the moment written by `when`.
 */
export function needHistoryLines(tr: Translate, entries: readonly HistoryEntry[], when: (iso: string) => string): string[] {
  return entries.map((h) => {
    const date = when(h.at);
    if (h.kind === 'status' && h.override) {
      return tr('need.history.override', { date, who: who(tr, h.byName), override: tr(`need.override.${h.override}`), note: h.note ?? '' });
    }
    if (h.kind === 'status') {
      const line = tr('need.history.status', { date, who: who(tr, h.byName), status: tr(`need.status.${h.to as NeedStatus}`) });
      return h.note ? `${line}: ${tr('quoted', { text: h.note })}` : line;
    }
    return tr(`need.history.${h.kind}`, { date, who: who(tr, h.byName) });
  });
}
