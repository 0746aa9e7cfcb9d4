import type { Deps } from '../../deps.js';
import type { Call, CallContent } from '../../domain/calls/types.js';
import { coalesce, type OutboxMessage } from '../../domain/outbox.js';
import { amended, deliveredCopies, notReached, recipientKey, servedKeys } from '../../domain/calls/after-send.js';
import { messageTo, noticeFor } from '../notices.js';
import { recipientsFor, type Recipient } from './recipients.js';
import { recipientCallView } from './views.js';
import { recipientCallVm } from './queries.js';

/** The renderer that draws an updated copy of a call (edited or withdrawn) when its PUT is sent. */
export const COPY_RENDERER = 'call.copy';

/** Who gets the call again, and how many still cannot be reached (no chat with the bot). */
export interface ResendPlan {
  messages: OutboxMessage[];
  waiting: number;
}

const callCard = (deps: Deps, call: Call, viewer: { municipality: string; isContact: boolean; personId?: string; reminder?: boolean }) =>
  noticeFor(deps, viewer.personId, async (tr, lang) => recipientCallView(await recipientCallVm(deps, call, viewer), tr, lang));

/**
 * The deliveries "send again" makes: every recipient with no sent or pending delivery of the call
 * who can be reached now (failed, unreachable and since back, not installed and since installed,
 * or addressed and new since the broadcast). Nobody already served gets a second copy.
 */
export async function resendPlan(deps: Deps, call: Call): Promise<ResendPlan> {
  const deliveries = (await deps.store.outbox.bySubject(call.id)).filter((m) => m.kind === 'call');
  const served = servedKeys(deliveries);
  const known = new Set(deliveries.map(recipientKey));
  const recipients = await recipientsFor(deps, call.municipalities, call.audience);
  const byPerson = new Map(recipients.filter((r) => r.personId).map((r) => [r.personId!, r]));
  const now = deps.clock.now().toISOString();
  const messages: OutboxMessage[] = [];
  let waiting = 0;
  for (const m of notReached(deliveries)) {
    const personId = m.personId ?? (m.recipientEmail ? (await deps.store.people.findByEmail(m.recipientEmail))?.id : undefined);
    if (personId) known.add(personId);
    if (personId && served.has(personId)) continue;
    const conv = personId ? await deps.store.conversations.personalOf(personId) : undefined;
    if (!personId || !conv) {
      waiting++;
      continue;
    }
    served.add(personId);
    const municipality = m.municipality ?? byPerson.get(personId)?.municipality ?? '';
    messages.push({
      ...m,
      personId,
      recipientEmail: undefined,
      conversationId: conv.id,
      activity: await callCard(deps, call, { municipality, isContact: byPerson.get(personId)?.isContact ?? false, personId }),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      error: undefined,
      reason: undefined,
      failedAt: undefined,
      stopRequested: undefined,
    });
  }
  for (const r of recipients) {
    if (known.has(r.personId ?? `email:${r.email}`)) continue;
    const conv = r.personId ? await deps.store.conversations.personalOf(r.personId) : undefined;
    if (!conv) {
      waiting++;
      continue;
    }
    messages.push(await freshDelivery(deps, call, r));
  }
  return { messages, waiting };
}

async function freshDelivery(deps: Deps, call: Call, r: Recipient): Promise<OutboxMessage> {
  return {
    ...(await messageTo(deps, r.personId, 'call', call.id, async (tr, lang) =>
      recipientCallView(await recipientCallVm(deps, call, { municipality: r.municipality, isContact: r.isContact, personId: r.personId }), tr, lang),
    )),
    recipientName: r.name,
    municipality: r.municipality,
  };
}

/** Sends the call again to those not reached (see {@link resendPlan}), in one commit; how many it went to and how many still wait. */
export async function resend(deps: Deps, call: Call): Promise<{ sent: number; waiting: number }> {
  const plan = await resendPlan(deps, call);
  if (plan.messages.length) {
    await deps.store.calls.commit(plan.messages.map((m) => deps.store.outbox.op(m)));
    deps.outbox.kick();
  }
  deps.logger.info({ ref: call.ref, resent: plan.messages.length, waiting: plan.waiting }, 'call sent again to those not reached');
  return { sent: plan.messages.length, waiting: plan.waiting };
}

/**
 * One in-place update per delivered copy of `call`: drawn when it is sent (the call as it is then),
 * one record per copy that a newer change replaces while it waits.
 */
async function copyUpdates(deps: Deps, call: Call): Promise<OutboxMessage[]> {
  const copies = deliveredCopies(await deps.store.outbox.bySubject(call.id));
  const contacts = new Map((await recipientsFor(deps, call.municipalities, call.audience)).map((r) => [r.personId, r.isContact]));
  const now = deps.clock.now().toISOString();
  return Promise.all(
    copies.map(async (copy) => {
      const id = `copy:${copy.id}`;
      const record: OutboxMessage = {
        id,
        kind: 'call.copy',
        subject: call.id,
        personId: copy.personId,
        recipientName: copy.recipientName,
        municipality: copy.municipality,
        conversationId: copy.conversationId,
        replaces: copy.activityId,
        render: {
          renderer: COPY_RENDERER,
          data: {
            callId: call.id,
            municipality: copy.municipality ?? '',
            isContact: contacts.get(copy.personId) ?? false,
            reminder: copy.kind === 'call.reminder',
          },
        },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      };
      return coalesce(await deps.store.outbox.get(id), record);
    }),
  );
}

/** Changes a sent call's text and deadline; the change and an update of every delivered copy are one commit. */
export async function amendCall(deps: Deps, call: Call, content: CallContent): Promise<{ call: Call; copies: number }> {
  const next = amended(call, content, deps.clock.now().toISOString());
  const updates = await copyUpdates(deps, next);
  await deps.store.calls.commit([deps.store.calls.op(next), ...updates.map((m) => deps.store.outbox.op(m))]);
  deps.outbox.kick();
  deps.logger.info({ ref: call.ref, copies: updates.length }, 'sent call edited');
  return { call: next, copies: updates.length };
}

/**
 * Withdraws a sent call: answers close, every delivered copy is replaced by a short "withdrawn"
 * card, and deliveries not yet handed to Teams are not sent (one commit).
 */
export async function withdrawCall(deps: Deps, call: Call): Promise<{ call: Call; copies: number }> {
  const now = deps.clock.now().toISOString();
  const next: Call = { ...call, status: 'withdrawn', withdrawnAt: now, updatedAt: now };
  const updates = await copyUpdates(deps, next);
  const pending = (await deps.store.outbox.bySubject(call.id)).filter((m) => m.kind === 'call' && m.status === 'pending');
  const stops = pending.map((m) =>
    deps.outbox.isHandedOver(m.id) ? { ...m, stopRequested: true } : { ...m, status: 'cancelled' as const, error: 'call withdrawn' },
  );
  await deps.store.calls.commit([deps.store.calls.op(next), ...[...updates, ...stops].map((m) => deps.store.outbox.op(m))]);
  deps.outbox.kick();
  deps.logger.info({ ref: call.ref, copies: updates.length }, 'sent call withdrawn');
  return { call: next, copies: updates.length };
}

/** Draws an updated copy when its PUT is sent: the call as it is then, for that recipient. */
export function registerCopyRenderer(deps: Deps): void {
  deps.outbox.registerRenderer(COPY_RENDERER, async (data, m) => {
    const call = await deps.store.calls.get(String(data.callId));
    if (!call) return null;
    return callCard(deps, call, {
      municipality: String(data.municipality),
      isContact: data.isContact === true,
      personId: m.personId,
      reminder: data.reminder === true,
    });
  });
}
