import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { Identity } from '../../domain/identity.js';
import type { Op } from '../../store/types.js';
import type { Call, CallContent } from '../../domain/calls/types.js';
import { mayTarget, targetMunicipalities } from '../../domain/calls/rules.js';
import { messageTo } from '../notices.js';
import type { OutboxMessage } from '../../domain/outbox.js';
import { recipientsFor, type Recipient } from './recipients.js';
import { recipientCallView } from './views.js';
import { recipientCallVm } from './queries.js';
import { answeredNeedNotices } from './linked-needs.js';
import { formatDay } from '../../i18n/day.js';
import type { AdaptiveCard } from '../../cards/templates.js';

export type CallResult<T> = { ok: true; value: T } | { ok: false; problem: 'not-found' | 'forbidden' | 'not-draft' | 'not-cancellable' };

/** Composing, scheduling, sending and cancelling calls; every step one atomic commit. */
export class CallsService {
  constructor(private readonly deps: Deps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  get(id: string): Promise<Call | undefined> {
    return this.deps.store.calls.get(id);
  }

  /** The coordinator who may manage a call: one who may target it. */
  mayManage(identity: Identity, call: Call): boolean {
    return mayTarget(identity, call.target, this.deps.directory);
  }

  /** Saves a new draft or changes one (only while it is a draft). */
  async saveDraft(identity: Identity, content: CallContent, callId?: string): Promise<CallResult<Call>> {
    if (!mayTarget(identity, content.target, this.deps.directory)) return { ok: false, problem: 'forbidden' };
    const now = this.now().toISOString();
    const ops: Op[] = [];
    let call: Call;
    if (callId) {
      const existing = await this.get(callId);
      if (!existing || !this.mayManage(identity, existing)) return { ok: false, problem: 'not-found' };
      if (existing.status !== 'draft') return { ok: false, problem: 'not-draft' };
      call = { ...existing, ...content, updatedAt: now };
    } else {
      const reserved = await this.deps.store.calls.reserveReference(this.now(), this.deps.config.timezone);
      const ref = reserved.ref;
      ops.push(...reserved.ops);
      call = {
        ...content,
        id: randomUUID(),
        ref,
        status: 'draft',
        createdBy: identity.personId,
        createdByName: identity.name,
        createdAt: now,
        updatedAt: now,
        municipalities: [],
      };
    }
    ops.push(this.deps.store.calls.op(call));
    await this.deps.store.calls.commit(ops);
    return { ok: true, value: call };
  }

  async discard(identity: Identity, callId: string): Promise<CallResult<null>> {
    const call = await this.get(callId);
    if (!call || !this.mayManage(identity, call)) return { ok: false, problem: 'not-found' };
    if (call.status !== 'draft') return { ok: false, problem: 'not-draft' };
    await this.deps.store.calls.commit([this.deps.store.calls.deleteOp(callId)]);
    return { ok: true, value: null };
  }

  recipients(call: Call): Promise<Recipient[]> {
    const municipalities = call.municipalities.length ? call.municipalities : targetMunicipalities(call.target, this.deps.directory);
    return recipientsFor(this.deps, municipalities, call.audience);
  }

  /**
   * Starts sending: the call and one outbox message per recipient are written in one commit,
   * then the sender works through them. `progress` is the coordinator's card to update in place.
   */
  async start(identity: Identity | null, callId: string, progress?: Call['progress']): Promise<CallResult<Call>> {
    const call = await this.get(callId);
    if (!call || (identity && !this.mayManage(identity, call))) return { ok: false, problem: 'not-found' };
    if (call.status !== 'draft' && call.status !== 'scheduled') return { ok: false, problem: 'not-draft' };
    const municipalities = targetMunicipalities(call.target, this.deps.directory);
    const started: Call = {
      ...call,
      status: 'sending',
      municipalities,
      startedAt: this.now().toISOString(),
      updatedAt: this.now().toISOString(),
      progress: progress ?? call.progress,
    };
    const built = new Map<string, AdaptiveCard>();
    const messages: OutboxMessage[] = await Promise.all(
      (await recipientsFor(this.deps, municipalities, call.audience)).map(async (r) => ({
        ...(await messageTo(this.deps, r.personId, 'call', call.id, async (tr, lang) =>
          recipientCallView(
            await recipientCallVm(this.deps, started, { municipality: r.municipality, isContact: r.isContact, personId: r.personId }),
            tr,
            lang,
            built,
          ),
        )),
        recipientName: r.name,
        municipality: r.municipality,
        ...(r.email ? { recipientEmail: r.email } : {}),
      })),
    );
    // the authors of the needs it answers hear of it in the same commit
    const notices = await answeredNeedNotices(this.deps, started, (lang) => formatDay(lang, started.deadline));
    await this.deps.store.calls.commit([this.deps.store.calls.op(started), ...[...messages, ...notices].map((m) => this.deps.store.outbox.op(m))]);
    this.deps.outbox.kick();
    this.deps.logger.info(
      { ref: call.ref, recipients: messages.length, reachable: messages.filter((m) => m.status === 'pending').length },
      'call sending started',
    );
    return { ok: true, value: started };
  }

  async schedule(identity: Identity, callId: string, at: Date, progress?: Call['progress']): Promise<CallResult<Call>> {
    const call = await this.get(callId);
    if (!call || !this.mayManage(identity, call)) return { ok: false, problem: 'not-found' };
    if (call.status !== 'draft') return { ok: false, problem: 'not-draft' };
    const scheduled: Call = { ...call, status: 'scheduled', scheduledAt: at.toISOString(), updatedAt: this.now().toISOString(), progress };
    await this.deps.store.calls.commit([this.deps.store.calls.op(scheduled)]);
    return { ok: true, value: scheduled };
  }

  /** Starts every scheduled call whose time has come (the sweep). */
  async startDue(): Promise<Call[]> {
    const now = this.now().getTime();
    const due = (await this.deps.store.calls.withStatus('scheduled')).filter((c) => c.scheduledAt && Date.parse(c.scheduledAt) <= now);
    const started: Call[] = [];
    for (const c of due) {
      const r = await this.start(null, c.id);
      if (r.ok) started.push(r.value);
    }
    return started;
  }

  /**
   * Cancels a scheduled call, or stops a running one: what was not yet handed to Teams is not sent.
   * A message already on its way keeps whatever outcome Teams gives it (and is not tried again), so
   * it is counted apart: `onTheWay`.
   */
  async cancel(identity: Identity, callId: string): Promise<CallResult<{ call: Call; notSent: number; onTheWay: number }>> {
    const call = await this.get(callId);
    if (!call || !this.mayManage(identity, call)) return { ok: false, problem: 'not-found' };
    if (call.status !== 'scheduled' && call.status !== 'sending') return { ok: false, problem: 'not-cancellable' };
    const now = this.now().toISOString();
    const pending = (await this.deps.store.outbox.bySubject(call.id)).filter((m) => m.status === 'pending');
    const onTheWay = pending.filter((m) => this.deps.outbox.isHandedOver(m.id));
    const notYet = pending.filter((m) => !this.deps.outbox.isHandedOver(m.id));
    const cancelled: Call = { ...call, status: 'cancelled', cancelledAt: now, updatedAt: now };
    await this.deps.store.calls.commit([
      this.deps.store.calls.op(cancelled),
      ...notYet.map((m) => this.deps.store.outbox.op({ ...m, status: 'cancelled', error: 'stopped by the coordinator' })),
      ...onTheWay.map((m) => this.deps.store.outbox.op({ ...m, stopRequested: true })),
    ]);
    return { ok: true, value: { call: cancelled, notSent: notYet.length, onTheWay: onTheWay.length } };
  }

  /** Marks a sending call as sent once no delivery is pending any more. */
  async finishIfDone(callId: string): Promise<Call | undefined> {
    const call = await this.get(callId);
    if (!call || call.status !== 'sending') return call;
    const deliveries = (await this.deps.store.outbox.bySubject(callId)).filter((m) => m.kind === 'call');
    if (deliveries.some((m) => m.status === 'pending')) return call;
    const done: Call = { ...call, status: 'sent', finishedAt: this.now().toISOString(), updatedAt: this.now().toISOString() };
    await this.deps.store.calls.commit([this.deps.store.calls.op(done)]);
    return done;
  }
}
