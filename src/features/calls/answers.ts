import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Answer, Call, CallAnswer } from '../../domain/calls/types.js';
import { answerId, answerRight, isClosed } from '../../domain/calls/rules.js';
import { messageTo } from '../notices.js';
import { recipientsFor } from './recipients.js';
import { recipientCallView } from './views.js';
import { recipientCallVm } from './queries.js';
import { callStats } from './stats.js';
import { changeLimiter } from '../change-limiter.js';

export type AnswerResult = { ok: true; value: CallAnswer; unchanged?: true } | { ok: false; problem: 'not-found' | 'closed' | 'not-allowed' | 'slow-down' };

/**
 * Records an answer: a contact person's counts for the municipality (a later one replaces it; both
 * stay in the history, one appended record each). The same person giving the same answer and
 * comment again writes nothing.
 */
export async function recordAnswer(deps: Deps, identity: Identity, callId: string, answer: Answer, comment: string): Promise<AnswerResult> {
  const call = await deps.store.calls.get(callId);
  if (!call) return { ok: false, problem: 'not-found' };
  const right = answerRight(identity, call, deps.clock.now(), deps.config.timezone);
  if (!right.ok) return { ok: false, problem: right.reason === 'closed' ? 'closed' : 'not-allowed' };
  if (!right.options.includes(answer)) return { ok: false, problem: 'not-allowed' };
  const personId = right.as === 'individual' ? identity.personId : undefined;
  const id = answerId(callId, identity.municipality, personId);
  const existing = await deps.store.calls.answer(id);
  const entry = { answer, comment: comment.trim().slice(0, 1000), by: identity.personId, byName: identity.name, at: deps.clock.now().toISOString() };
  if (existing && existing.by === entry.by && existing.answer === entry.answer && existing.comment === entry.comment)
    return { ok: true, value: existing, unchanged: true };
  if (!(await changeLimiter(deps).allow(identity.personId, deps.clock.now()))) return { ok: false, problem: 'slow-down' };
  const next: CallAnswer = { id, callId, municipality: identity.municipality, ...(personId ? { personId } : {}), ...entry };
  await deps.store.calls.commit([deps.store.calls.answerOp(next), await deps.store.calls.answerHistoryOp(id, entry)]);
  return { ok: true, value: next };
}

/** Sends the call again, with a reminder banner, to the contact persons of municipalities that have not answered. */
export async function remindSilent(deps: Deps, call: Call, kind = 'call.reminder'): Promise<{ people: number; municipalities: number }> {
  if (call.kind !== 'participation' || isClosed(call, deps.clock.now(), deps.config.timezone)) return { people: 0, municipalities: 0 };
  const silent = (await callStats(deps, call)).silent;
  const messages = await Promise.all(
    (await recipientsFor(deps, silent, 'contacts')).map(async (r) => ({
      ...(await messageTo(deps, r.personId, kind, call.id, async (tr, lang) =>
        recipientCallView(await recipientCallVm(deps, call, { municipality: r.municipality, isContact: true, personId: r.personId, reminder: true }), tr, lang),
      )),
      recipientName: r.name,
      municipality: r.municipality,
    })),
  );
  await deps.store.calls.commit(messages.map((m) => deps.store.outbox.op(m)));
  deps.outbox.kick();
  return { people: messages.filter((m) => m.status === 'pending').length, municipalities: silent.length };
}
