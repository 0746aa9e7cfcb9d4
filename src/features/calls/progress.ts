import type { ConversationReference } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { attachment } from '../../cards/templates.js';
import { translator } from '../../i18n/index.js';
import { languageOfPerson } from '../../outbox/notify.js';
import type { CallsService } from './service.js';
import { progressView } from './views.js';
import { progressVm } from './queries.js';

export const PROGRESS_EVERY_MS = 2_000;

/**
 * Keeps the coordinator's delivery card up to date while a call is being sent: at most one
 * in-place update every {@link PROGRESS_EVERY_MS}, and a last one when the sending is done.
 */
export function trackProgress(deps: Deps, service: CallsService): { flush(callId: string): Promise<void> } {
  const timers = new Map<string, NodeJS.Timeout>();
  const lastUpdate = new Map<string, number>();
  const log = deps.logger.child({ feature: 'calls.progress' });

  const update = async (callId: string) => {
    timers.delete(callId);
    lastUpdate.set(callId, Date.now());
    const call = (await service.finishIfDone(callId)) ?? service.get(callId);
    if (!call?.progress) return;
    const conv = deps.store.conversations.get(call.progress.conversationId);
    if (!conv) return;
    const lang = call.createdBy ? languageOfPerson(deps, call.createdBy) : 'nb';
    const card = progressView(progressVm(deps, call), translator(lang), lang);
    try {
      await deps.connector.update(conv.reference as Partial<ConversationReference>, call.progress.activityId, { type: 'message', attachments: [attachment(card)] });
    } catch (err) {
      log.warn({ err: (err as Error).message, callId }, 'could not update the delivery card');
    }
  };

  deps.outbox.onSettled((m) => {
    if (m.kind !== 'call' || !m.subject) return;
    const callId = m.subject;
    if (timers.has(callId)) return;
    const since = Date.now() - (lastUpdate.get(callId) ?? 0);
    const t = setTimeout(() => void update(callId), Math.max(0, PROGRESS_EVERY_MS - since));
    t.unref();
    timers.set(callId, t);
  });
  deps.lifecycle.onStop(() => {
    for (const t of timers.values()) clearTimeout(t);
  });
  return { flush: update };
}
