import type { Deps } from '../../deps.js';
import type { Call } from '../../domain/calls/types.js';
import { coalesce, type OutboxMessage } from '../../domain/outbox.js';
import { noticeFor } from '../notices.js';
import type { CallsService } from './service.js';
import { progressView } from './views.js';
import { progressVm } from './queries.js';

export const PROGRESS_EVERY_MS = 2_000;
/** The renderer that draws the coordinator's delivery card when its update is sent. */
export const PROGRESS_RENDERER = 'call.progress';

/** The one outbox record per delivery card: a newer update replaces a pending one. */
export const progressRecordId = (call: Pick<Call, 'id' | 'progress'>) => `progress:${call.id}:${call.progress?.activityId ?? ''}`;

/**
 * Keeps the coordinator's delivery card up to date while a call is being sent: at most one
 * update every {@link PROGRESS_EVERY_MS}, and a last one when the sending is done. Each update
 * goes through the outbox (same per-tenant limiter and retries as the broadcast itself), as one
 * record per card that a newer update replaces; it is drawn when it is sent, so however long it
 * waits behind the broadcast, the PUT carries the numbers of that moment.
 */
export function trackProgress(deps: Deps, service: CallsService): { flush(callId: string): Promise<void> } {
  const timers = new Map<string, NodeJS.Timeout>();
  const lastUpdate = new Map<string, number>();
  const log = deps.logger.child({ feature: 'calls.progress' });

  deps.outbox.registerRenderer(PROGRESS_RENDERER, async (data, m) => {
    const call = await service.get(String(data.callId));
    if (!call?.progress) return null;
    return noticeFor(deps, m.personId, async (tr, lang) => progressView(await progressVm(deps, call), tr, lang));
  });

  const update = async (callId: string) => {
    timers.delete(callId);
    lastUpdate.set(callId, Date.now());
    const call = (await service.finishIfDone(callId)) ?? (await service.get(callId));
    if (!call?.progress) return;
    const now = deps.clock.now().toISOString();
    const id = progressRecordId(call);
    const record: OutboxMessage = {
      id,
      kind: 'call.progress',
      subject: id,
      personId: call.createdBy ?? undefined,
      conversationId: call.progress.conversationId,
      render: { renderer: PROGRESS_RENDERER, data: { callId: call.id } },
      replaces: call.progress.activityId,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
    try {
      await deps.store.outbox.save(coalesce(await deps.store.outbox.get(id), record));
      deps.outbox.kick();
    } catch (err) {
      log.warn({ err: (err as Error).message, callId }, 'could not queue the delivery card update');
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
