import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import { translator } from '../../i18n/index.js';
import { attachment } from '../../cards/templates.js';
import { stillOpen } from '../../domain/calls/rules.js';
import { recipientCallView } from './views.js';
import { recipientCallVm } from './queries.js';

/** Whether a call delivery was meant for this person (by person id, or by directory e-mail before they had talked to the bot). */
const meantFor = (m: OutboxMessage, identity: Identity) =>
  m.personId === identity.personId || (!m.personId && !!m.recipientEmail && m.recipientEmail === identity.email?.toLowerCase());

/**
 * A person has just installed the bot: every open call (sent, not stopped, deadline not passed)
 * that could not reach them is sent now, as the card they would have got, in their language. The
 * delivery record itself goes back to pending, so the coordinator's counts move from "not
 * installed" to "delivered". Returns how many were enqueued.
 */
export async function deliverWaitingCalls(deps: Deps, identity: Identity): Promise<number> {
  const conv = await deps.store.conversations.personalOf(identity.personId);
  if (!conv) return 0;
  const now = deps.clock.now().toISOString();
  const tr = translator(identity.language);
  const messages: OutboxMessage[] = [];
  for (const call of await deps.store.calls.withStatus('sending', 'sent')) {
    if (!stillOpen(call, deps.clock.now(), deps.config.timezone)) continue;
    const mine = (await deps.store.outbox.bySubject(call.id)).filter((m) => m.kind === 'call' && meantFor(m, identity));
    if (mine.some((m) => m.status === 'pending' || m.status === 'sent')) continue;
    const waiting = mine.find((m) => m.status === 'not-installed' || m.status === 'unreachable');
    if (!waiting) continue;
    const card = recipientCallView(
      await recipientCallVm(deps, call, {
        municipality: waiting.municipality ?? identity.municipality,
        isContact: identity.roles.includes('contact'),
        personId: identity.personId,
      }),
      tr,
      identity.language,
    );
    messages.push({
      ...waiting,
      personId: identity.personId,
      recipientEmail: undefined,
      conversationId: conv.id,
      activity: { type: 'message', attachments: [attachment(card)] },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      error: undefined,
      reason: undefined,
      failedAt: undefined,
    });
  }
  if (!messages.length) return 0;
  await deps.store.calls.commit(messages.map((m) => deps.store.outbox.op(m)));
  deps.outbox.kick();
  deps.logger.info({ personId: identity.personId, calls: messages.length }, 'open calls delivered on install');
  return messages.length;
}
