import type { ConversationReference } from 'botbuilder';
import { afterFailure, outcomeAfterStop, type OutboxMessage } from '../domain/outbox.js';
import { ConnectorError, type ConnectorClient } from './connector-client.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { Outbox, OutboxCounters, OutboxDeps, Renderer } from './outbox.js';
import { outsideTurn } from '../logger.js';
import { inUnit, withRetry } from '../store/unit.js';
import { Admission } from './admission.js';
import { createHash } from 'node:crypto';

export interface SenderLimits {
  /** Teams allows about 50 messages/s per app per tenant; stay just under. */
  perTenantPerSecond: number;
  /** Teams allows about 7 messages/s per bot per conversation. */
  perConversationPerSecond: number;
  /** Requests with Teams at once per instance (default 16). */
  concurrency?: number;
}

/**
 * Under Teams' ~50/s per tenant and ~7/s per conversation, with room for the jitter between our
 * clock and Teams' count. The gates are shared by every instance on one database (Backend.reserveSlot).
 */
export const TEAMS_LIMITS: SenderLimits = { perTenantPerSecond: 47, perConversationPerSecond: 6 };

/** How long a message claimed by an instance is its own: after that (the instance was lost) another sends it. */
const LEASE_MS = 20_000;
/** A claimed message that could not be handed to Teams this long after its claim is given back. */
const HAND_OVER_BY_MS = LEASE_MS / 2;
/** With several instances, how often one looks for messages others enqueued or lost. */
const POLL_MS = 1000;

/**
 * Messages handed to the limiters at once (about 1.3 s of sending at Teams' pace). The rest wait in
 * the store, so the first message of a large broadcast leaves at once, a retry that falls due is
 * next in line instead of behind the whole broadcast, and a person's own notices are not held back.
 */
const WINDOW = 64;
/** Refill the window when it is down to this many. */
const LOW_WATER = 48;
/** Messages to one conversation handed over at once; its limiter spaces them. */
const PER_CONVERSATION = 2;

/** The order due messages are sent in: retries, then notices to one person and card updates, then broadcasts; oldest first. */
function sendOrder(a: OutboxMessage, b: OutboxMessage): number {
  const rank = (m: OutboxMessage) => (m.attempts > 0 ? 0 : m.kind === 'call' ? 2 : 1);
  return rank(a) - rank(b) || (a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Works through the durable outbox: each pending message is sent as a proactive message with its
 * stored conversation reference, within Teams' rate limits, and its outcome is recorded. The retry
 * policy lives here alone (see domain/outbox.ts). Anything still pending when the bot restarts is
 * sent then; a message Teams acknowledged is marked sent right away, so only one in flight at a
 * crash can go out twice.
 */
export class OutboxSender implements Outbox {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private dispatchPlanned = false;
  /** Messages in flight per conversation. */
  private readonly perConversation = new Map<string, number>();
  private stopped = true;
  private readonly inflight = new Set<string>();
  /** Of those, the ones whose request is with Teams now (the rest wait in the limiters and re-read their record first). */
  private readonly handedOver = new Set<string>();
  /** This instance, as it marks the messages it claims. */
  readonly instance: string;
  private readonly limits: SenderLimits;
  /** About a quarter of a second of sending reserved ahead per tenant (see Admission). */
  private readonly admission: Admission;
  /** Requests with Teams at once, from this instance. */
  private readonly inFlight: Admission;
  private readonly listeners: ((m: OutboxMessage) => void)[] = [];
  private readonly renderers = new Map<string, Renderer>();
  /** Outcomes the store could not write (it refuses changes): written, and their messages left alone, once it can again. */
  private readonly unsaved = new Map<string, OutboxMessage>();
  private readonly log;
  /** Requests made, by outcome: for reports and tests. */
  readonly counters: OutboxCounters = { requests: 0, sent: 0, retried: 0, gaveUp: 0, rerouted: 0 };

  constructor(
    private readonly deps: OutboxDeps,
    private readonly client: Pick<ConnectorClient, 'send' | 'update'>,
    limits: SenderLimits = TEAMS_LIMITS,
    instance = `${process.pid}`,
  ) {
    this.log = deps.logger.child({ feature: 'outbox' });
    this.limits = limits;
    this.admission = new Admission(Math.max(2, Math.ceil(limits.perTenantPerSecond / 4)));
    this.inFlight = new Admission(limits.concurrency ?? 16);
    this.instance = instance;
    // While the store cannot write, nothing is sent (an outcome could not be recorded, so the
    // message would go out again); when it can again, the outcomes held back are written first.
    deps.store.onHealthChange((h) => {
      if (!h.writable) return;
      this.recoveredAt = this.deps.clock.now().getTime();
      void this.resume();
    });
  }

  /** Called after each message reaches a final outcome or is rescheduled. */
  onSettled(listener: (m: OutboxMessage) => void): void {
    this.listeners.push(listener);
  }

  isHandedOver(id: string): boolean {
    return this.handedOver.has(id);
  }

  registerRenderer(renderer: string, render: Renderer): void {
    this.renderers.set(renderer, render);
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.inflight.size) await new Promise((r) => setTimeout(r, 10));
  }

  /** Something was enqueued or became due: dispatch what is due now. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    // the sends go on after the turn that enqueued them: their lines must not name it
    outsideTurn(() => this.dispatch());
  }

  /** Resolves when nothing is due or in flight (tests, graceful stops). */
  async idle(): Promise<void> {
    for (;;) {
      const now = this.deps.clock.now().getTime();
      let due = false;
      for (const m of await this.deps.store.outbox.pending()) if (Date.parse(m.nextAttemptAt) <= now && !this.leasedElsewhere(m, now)) due = true;
      if (!due && this.inflight.size === 0) return;
      if (due && !this.stopped) this.dispatch();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    // a unit of its own, not the turn's that kicked it: the claim is checked against what this round read
    this.dispatching = inUnit(() => this.dispatchOnce())
      .catch((err: unknown) => this.log.warn({ err }, 'outbox dispatch failed; trying again shortly'))
      .finally(() => {
        this.dispatching = null;
        if (this.dispatchAgain) {
          this.dispatchAgain = false;
          this.dispatch();
        } else if (!this.timer && !this.stopped) this.scheduleAt(this.deps.clock.now().getTime() + POLL_MS);
      });
  }

  private dispatching: Promise<void> | null = null;
  private dispatchAgain = false;

  private async dispatchOnce(): Promise<void> {
    if (this.stopped || !this.deps.store.health().writable) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    // the window is full: nothing to claim now (reading every pending message costs a query of the
    // whole backlog on PostgreSQL); the next message to settle, or the poll, dispatches again
    if (this.inflight.size > LOW_WATER) return;
    const pending = await this.deps.store.outbox.pending();
    await this.fill(pending, WINDOW - this.inflight.size);
    this.scheduleNext(pending);
  }

  /** Whether another instance holds `m` now (it claimed it and its lease runs). */
  private leasedElsewhere(m: OutboxMessage, now: number): boolean {
    // the JSON store has one owner (its lock): a claim in it is an earlier process's, killed before it settled
    if (this.deps.store.engine.kind === 'json') return false;
    return this.heldElsewhereUntil(m) > now;
  }

  /**
   * Until when another instance holds `m`: its lease, and after the store was unreachable at least
   * one lease more from the moment it answered again. The holder may have handed the message to
   * Teams during the outage and be writing its outcome only now (see resume): taking it over as
   * soon as the claim ran out meanwhile would send it a second time.
   */
  private heldElsewhereUntil(m: OutboxMessage): number {
    if (!m.claimedBy || m.claimedBy === this.instance) return 0;
    return Math.max(m.claimedUntil ? Date.parse(m.claimedUntil) : 0, this.recoveredAt + LEASE_MS);
  }

  /** When the store last answered again after refusing (an outage); see heldElsewhereUntil. */
  private recoveredAt = -Infinity;

  /** Claims up to `room` due messages, in send order, and hands them to the rate gates. */
  private async fill(pending: OutboxMessage[], room: number): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const due: OutboxMessage[] = [];
    for (const m of pending) if (this.sendable(m) && Date.parse(m.nextAttemptAt) <= now && !this.leasedElsewhere(m, now)) due.push(m);
    due.sort(sendOrder);
    const picked: OutboxMessage[] = [];
    const perConversation = new Map(this.perConversation);
    for (const m of due) {
      if (picked.length >= room) break;
      const key = m.conversationId ?? m.id;
      const busy = perConversation.get(key) ?? 0;
      if (busy >= PER_CONVERSATION) continue;
      perConversation.set(key, busy + 1);
      picked.push(m);
    }
    if (!picked.length) return;
    const until = new Date(now + LEASE_MS).toISOString();
    // one instance at a time: another that picked the same messages gets none of them
    const claimed = await this.deps.store.outbox.claim(picked, (m) => ({ ...m, claimedBy: this.instance, claimedUntil: until }));
    for (const m of claimed) {
      const conversationKey = m.conversationId ?? m.id;
      this.inflight.add(m.id);
      this.perConversation.set(conversationKey, (this.perConversation.get(conversationKey) ?? 0) + 1);
      this.throughGates(m, conversationKey, Date.now())
        .catch((err: unknown) => this.log.error({ err, id: m.id }, 'outbox send crashed'))
        .finally(() => {
          this.inflight.delete(m.id);
          const left = (this.perConversation.get(conversationKey) ?? 1) - 1;
          if (left > 0) this.perConversation.set(conversationKey, left);
          else this.perConversation.delete(conversationKey);
          this.planDispatch();
        });
    }
  }

  /**
   * Waits for the message's slot at the conversation's gate, then at the tenant's (both shared by
   * every instance), then sends it. A slot too far off (the gates are crowded by other instances)
   * gives the message back for a later round instead of holding its claim past the lease.
   */
  private async throughGates(m: OutboxMessage, conversationKey: string, claimedAt: number): Promise<void> {
    const conv = m.conversationId ? await this.deps.store.conversations.get(m.conversationId) : undefined;
    const tenant = conv?.tenantId ?? 'none';
    // the gate's row names no chat (a conversation id is personal data): a digest of it
    await this.waitForSlot(`conversation:${digest(conversationKey)}`, this.limits.perConversationPerSecond);
    // a few reservations ahead per tenant, by priority: a retry, then an in-place update, then the broadcast
    const priority = m.attempts > 0 ? 0 : m.replaces ? 1 : 2;
    // requests with Teams at once are bounded too; taken before the slot, so those waiting for a
    // request to return do not all go at once when it does
    const done = await this.inFlight.enter('all', priority);
    try {
      // the tenant's slot is taken last, once the message is read and drawn, right before the
      // request: what Teams counts is when requests arrive, and nothing slow stands between
      const slot = async (): Promise<boolean> => {
        const leave = await this.admission.enter(tenant, priority);
        try {
          await this.waitForSlot(`tenant:${tenant}`, this.limits.perTenantPerSecond);
        } finally {
          leave();
        }
        return !this.stopped && Date.now() - claimedAt <= HAND_OVER_BY_MS;
      };
      const handed = await inUnit(() => this.sendOne(m.id, slot));
      if (handed === 'late') await this.giveBack(m.id);
    } finally {
      done();
    }
  }

  /**
   * Reserves a slot at the shared gate and waits for it. A process that wakes up late (a busy CPU,
   * a long pause) does not use a slot already past: late wake-ups would go out together and Teams
   * would count them in one second. It reserves a fresh one instead, behind everyone else's.
   */
  private async waitForSlot(key: string, perSecond: number): Promise<void> {
    const tolerance = Math.min(250, 1000 / perSecond);
    for (let attempt = 0; ; attempt++) {
      const wait = await this.deps.store.engine.reserveSlot(key, perSecond);
      const at = Date.now() + wait;
      await sleep(wait);
      if (Date.now() - at <= tolerance || attempt >= 3) return;
    }
  }

  /** Lets other instances (and this one, next round) have a message this one claimed but did not send. */
  private async giveBack(id: string): Promise<void> {
    await withRetry(async () => {
      const m = await this.deps.store.outbox.get(id);
      if (m?.claimedBy !== this.instance || m.status !== 'pending') return;
      const { claimedBy: _b, claimedUntil: _u, ...rest } = m;
      await this.deps.store.outbox.save(rest);
    });
  }

  /**
   * Not in flight, its outcome not waiting to be recorded, and on disk: a message whose commit is
   * still being written may yet be undone (a full disk), and must not reach anyone before that is
   * settled; the change that made it kicks the sender once it is saved.
   */
  private sendable(m: OutboxMessage): boolean {
    return !this.inflight.has(m.id) && !this.unsaved.has(m.id) && !this.deps.store.engine.isUnsettled?.('outbox', m.id);
  }

  /** Many messages settle in one tick during a broadcast: refill and look for the next due time once. */
  private planDispatch(): void {
    if (this.dispatchPlanned) return;
    this.dispatchPlanned = true;
    setImmediate(() => {
      this.dispatchPlanned = false;
      this.dispatch();
    });
  }

  /**
   * Sets the timer for the earliest pending message not yet handed over; an earlier one replaces a
   * later timer. Messages already due but held back by the window need no timer: the next
   * message to settle refills it.
   */
  private scheduleNext(pending: OutboxMessage[]): void {
    if (this.stopped) return;
    const now = this.deps.clock.now().getTime();
    let next = Infinity;
    for (const m of pending) {
      if (!this.sendable(m)) continue;
      const at = this.leasedElsewhere(m, now) ? this.heldElsewhereUntil(m) : Date.parse(m.nextAttemptAt);
      if (at <= now && this.inflight.size > 0) continue;
      next = Math.min(next, at);
    }
    // several instances: look again soon for what the others enqueued (they kick only themselves)
    if (this.deps.store.engine.kind === 'postgres') next = Math.min(next, now + POLL_MS);
    if (next === Infinity) return;
    this.scheduleAt(Math.min(next, now + 60_000));
  }

  private scheduleAt(at: number): void {
    const now = this.deps.clock.now().getTime();
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.dispatch();
      },
      Math.max(0, at - now),
    );
    this.timer.unref();
  }

  private async settle(result: OutboxMessage): Promise<void> {
    const { claimedBy: _b, claimedUntil: _u, ...outcome } = result;
    let message: OutboxMessage | undefined;
    try {
      // re-read in a unit of its own: a stop or a coalesced update written meanwhile (by any instance) is seen
      await withRetry(async () => {
        message = undefined;
        const current = await this.deps.store.outbox.get(outcome.id);
        // a newer version replaced it meanwhile (a coalesced update): that one is sent next, this outcome is moot
        if ((current?.revision ?? 0) !== (outcome.revision ?? 0)) return;
        // stopped while with Teams: Teams' answer stands, but it is not tried again
        message = outcomeAfterStop(current, outcome);
        await this.deps.store.outbox.save(message);
      });
    } catch (err) {
      if (!message) throw err;
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.unsaved.set(message.id, message);
      return;
    }
    if (message) for (const l of this.listeners) l(message);
  }

  /** The store writes again: record the outcomes it refused meanwhile, then go on sending. */
  private async resume(): Promise<void> {
    // a message whose own commit was undone is not in the store: nothing to record for it
    const held: OutboxMessage[] = [];
    for (const m of this.unsaved.values()) if (await this.deps.store.outbox.get(m.id)) held.push(m);
    try {
      if (held.length) await this.deps.store.engine.commit(held.map((m) => this.deps.store.outbox.op(m)));
      for (const [id, m] of this.unsaved) if (held.includes(m) || !(await this.deps.store.outbox.get(id))) this.unsaved.delete(id);
      for (const m of held) for (const l of this.listeners) l(m);
    } catch (err) {
      this.log.warn({ err, held: held.length }, 'outcomes still not recorded; waiting for the store');
      return;
    }
    this.kick();
  }

  private async sendOne(id: string, slot: () => Promise<boolean> = async () => true): Promise<'late' | void> {
    // Re-read: the message may have been cancelled, sent or replaced meanwhile.
    let message = await this.deps.store.outbox.get(id);
    if (!message || message.status !== 'pending' || this.stopped) return;
    // claimed by another instance meanwhile (this one's lease ran out): it is theirs now
    if (message.claimedBy && message.claimedBy !== this.instance && this.deps.store.engine.kind !== 'json') return;
    // stopped while with Teams before a restart: whether it arrived is unknown, it is not sent again
    if (message.stopRequested) return this.settle({ ...message, status: 'cancelled', error: 'stopped by the coordinator' });
    const conv = message.conversationId ? await this.deps.store.conversations.get(message.conversationId) : undefined;
    if (!conv) {
      // The chat it was addressed to was dropped meanwhile: take the person's newest other one
      // (not for an update: the message it replaces lives in that chat alone).
      const other = message.personId && !message.replaces ? await this.deps.store.conversations.personalOf(message.personId) : undefined;
      if (other) await this.settle({ ...message, conversationId: other.id, nextAttemptAt: this.deps.clock.now().toISOString() });
      else await this.settle({ ...message, status: 'not-installed', reason: 'not-installed', error: 'no stored conversation reference' });
      return;
    }
    let activity = await this.activityOf(message);
    if (!activity.ok) {
      await this.settle(activity.outcome);
      return;
    }
    if (!(await slot())) return 'late';
    // a stop written while it waited for its slot (a small read, just before the request); a newer
    // version of a card update is sent in its place
    const now = await this.deps.store.outbox.get(id);
    if (!now || now.status !== 'pending' || now.stopRequested) return;
    if ((now.revision ?? 0) !== (message.revision ?? 0)) {
      message = now;
      activity = await this.activityOf(message);
      if (!activity.ok) return this.settle(activity.outcome);
    }
    // from here until its outcome is recorded the message is on its way: a stop lets it finish
    this.handedOver.add(id);
    try {
      await this.request(message, conv, activity.value);
    } finally {
      this.handedOver.delete(id);
    }
  }

  /** Hands `message` to Teams and records what Teams answered. */
  private async request(message: OutboxMessage, conv: { id: string; reference: unknown }, activity: Record<string, unknown>): Promise<void> {
    const attempts = message.attempts + 1;
    this.counters.requests++;
    try {
      const reference = conv.reference as Partial<ConversationReference>;
      const { id: activityId } = message.replaces
        ? await this.client.update(reference, message.replaces, activity)
        : await this.client.send(reference, activity);
      this.counters.sent++;
      await this.settle({
        ...message,
        status: 'sent',
        attempts,
        sentAt: this.deps.clock.now().toISOString(),
        activityId: activityId ?? message.replaces,
        error: undefined,
        reason: undefined,
      });
    } catch (err) {
      const e = err instanceof ConnectorError ? err : new ConnectorError(undefined, undefined, (err as Error).message);
      const now = this.deps.clock.now();
      const outcome = afterFailure(e.statusCode, attempts, now, e.retryAfterSeconds);
      if (outcome.kind === 'retry') {
        this.counters.retried++;
        await this.settle({ ...message, attempts, nextAttemptAt: outcome.at.toISOString(), error: e.message });
      } else if (outcome.kind === 'give-up') {
        // a 404 on an update may be the message gone, not the chat: only a new message proves a chat dead
        const other = outcome.status === 'unreachable' && !message.replaces ? await this.dropDead(conv.id, message.personId) : undefined;
        if (other) {
          this.counters.rerouted++;
          this.log.info({ id: message.id, dead: conv.id, next: other.id, reason: outcome.reason }, "conversation gone: trying the person's other chat");
          await this.settle({ ...message, attempts, conversationId: other.id, nextAttemptAt: now.toISOString(), error: `${outcome.reason} (${conv.id})` });
          return;
        }
        this.counters.gaveUp++;
        this.log.warn({ id: message.id, status: outcome.status, reason: outcome.reason }, 'proactive message not delivered');
        await this.settle({ ...message, attempts, status: outcome.status, error: outcome.reason, reason: outcome.code, failedAt: now.toISOString() });
      }
    }
  }

  /**
   * The activity to send: the stored one, or the render request rendered now by its feature's
   * renderer. A renderer with nothing to send cancels the record; a missing or failing one fails it.
   */
  private async activityOf(message: OutboxMessage): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; outcome: OutboxMessage }> {
    if (!message.render) return message.activity ? { ok: true, value: message.activity } : this.failed(message, 'nothing to send');
    const render = this.renderers.get(message.render.renderer);
    if (!render) return this.failed(message, `no renderer "${message.render.renderer}"`);
    try {
      const value = await render(message.render.data, message);
      if (value) return { ok: true, value };
      return { ok: false, outcome: { ...message, status: 'cancelled', error: 'nothing to send any more' } };
    } catch (err) {
      return this.failed(message, `render failed: ${(err as Error).message}`);
    }
  }

  private failed(message: OutboxMessage, error: string): { ok: false; outcome: OutboxMessage } {
    this.counters.gaveUp++;
    this.log.error({ id: message.id, kind: message.kind, error }, 'proactive message could not be built');
    return { ok: false, outcome: { ...message, status: 'failed', error, reason: 'rejected', failedAt: this.deps.clock.now().toISOString() } };
  }

  /**
   * A personal chat answered 403/404: it is dead (reinstalled, removed, blocked), so its record is
   * deleted — the person's next message stores it again should it come back. Returns the person's
   * newest remaining chat to try instead.
   */
  private async dropDead(conversationId: string, personId: string | undefined) {
    const conv = await this.deps.store.conversations.get(conversationId);
    if (!conv || conv.scope !== 'personal') return undefined;
    await this.deps.store.conversations.remove(conversationId);
    this.log.warn({ conversation: conversationId, personId }, 'dead conversation reference dropped');
    return personId ? await this.deps.store.conversations.personalOf(personId) : undefined;
  }
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);
