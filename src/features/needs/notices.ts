import type { Deps } from '../../deps.js';
import type { Translate } from '../../i18n/index.js';
import type { Need } from '../../domain/needs/types.js';
import { actionNoticeCard } from '../../cards/needs.js';
import { VERBS } from '../../cards/verbs.js';

/** Proactive card to contact persons: a new need from their municipality, with a button to open it. */
export function newNeedNotice(tr: Translate, need: Need, deps: Deps) {
  return actionNoticeCard({
    title: tr('need.notify.new.title', { municipality: deps.directory.municipality(need.municipality)?.name ?? need.municipality }),
    lines: [tr('need.notify.new.text', { ref: need.ref, title: need.title })],
    buttons: [{ title: tr('need.action.open'), verb: VERBS.openNeed, data: { needId: need.id } }],
  });
}

/** Proactive card to the author: the new status and the note that came with it. */
export function statusNotice(tr: Translate, need: Need, note: string | undefined) {
  const lines = [tr('need.notify.status.text', { title: need.title, status: tr(`need.status.${need.status}`) })];
  if (note) lines.push(tr(need.status === 'returned' ? 'need.notify.question' : 'need.notify.note', { note }));
  return actionNoticeCard({
    title: tr('need.notify.status.title', { ref: need.ref }),
    lines,
    buttons: [{ title: tr('need.action.open'), verb: VERBS.openNeed, data: { needId: need.id } }],
  });
}
