import type { MessagingExtensionAttachment, MessagingExtensionResult } from 'botbuilder';
import type { Translate } from '../../i18n/index.js';
import type { Need } from '../../domain/needs/types.js';
import { stripInvisible } from '../../domain/free-text.js';
import { sharedNeedCard } from '../../cards/needs.js';
import { attachment, type AdaptiveCard } from '../../cards/templates.js';
import { VERBS } from '../../cards/verbs.js';

// What a message extension answers (Teams' MessagingExtensionResult): a list of previews, one card, or words.

const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';

/** The need's public face: what anyone in the chat it is shared into may see (no description, no author). */
export function sharedNeedView(need: Need, municipalityName: string, tr: Translate): AdaptiveCard {
  return sharedNeedCard({
    kind: tr('share.card.kind'),
    title: need.title,
    municipality: municipalityName,
    status: tr(`need.status.${need.status}`),
    ref: need.ref,
    needId: need.id,
    verb: VERBS.openNeed,
    t: {
      municipality: tr('share.card.municipality'),
      status: tr('share.card.status'),
      reference: tr('share.card.reference'),
      open: tr('share.card.open'),
      note: tr('share.card.note'),
    },
  });
}

/** Thumbnail card text is shown with Teams' basic HTML: a title is made plain text. */
const plain = (text: string) => stripInvisible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One search result: a thumbnail preview that, when picked, asks for the card (`composeExtension/selectItem`). */
export function previewOf(need: Need, municipalityName: string, tr: Translate): MessagingExtensionAttachment {
  const content = {
    title: plain(need.title),
    subtitle: plain(tr('share.preview.subtitle', { municipality: municipalityName, status: tr(`need.status.${need.status}`) })),
    text: need.ref,
    tap: { type: 'invoke', value: { needId: need.id } },
  };
  return { contentType: THUMBNAIL, content, preview: { contentType: THUMBNAIL, content } };
}

export const resultList = (attachments: MessagingExtensionAttachment[]): MessagingExtensionResult => ({
  type: 'result',
  attachmentLayout: 'list',
  attachments,
});

/** The card inserted into the compose box (selectItem) or shown for a pasted link (queryLink). */
export const cardResult = (card: AdaptiveCard, need: Need, municipalityName: string, tr: Translate) =>
  resultList([{ ...attachment(card), preview: previewOf(need, municipalityName, tr).preview }]);

/** Words instead of results: shown in the message extension's own pane. */
export const messageResult = (text: string): MessagingExtensionResult => ({ type: 'message', text });
