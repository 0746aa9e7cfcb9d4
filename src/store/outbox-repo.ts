import { randomBytes } from 'node:crypto';
import type { Backend, IndexDef } from './backend.js';
import type { Op } from './types.js';
import type { OutboxMessage } from '../domain/outbox.js';
import type { Eraser } from './erasure.js';

const C = 'outbox';
/** Tells this process's ids from those of other instances (and of earlier processes with the same pid). */
const INSTANCE = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;

export interface OutboxBacklog {
  pending: number;
  due: number;
  claimed: number;
  oldestDueSeconds: number;
}

/** The durable outbox: messages are written in the same commit as the change that causes them. */
export class OutboxRepo {
  private seq = 0;
  /** Indexes kept beside the records: the outbox grows with every message ever sent. */
  private readonly byStatus: IndexDef<OutboxMessage> = { name: 'pending', collection: C, key: (m) => (m.status === 'pending' ? 'pending' : undefined) };
  private readonly bySubjectIndex: IndexDef<OutboxMessage> = { name: 'subject', collection: C, key: (m) => m.subject };
  private readonly undelivered: IndexDef<OutboxMessage> = {
    name: 'undelivered',
    collection: C,
    key: (m) => (m.status === 'unreachable' || m.status === 'failed' || m.status === 'not-installed' ? 'undelivered' : undefined),
  };
  /** Delivered messages not known to be read, by chat: what a read receipt in that chat may mark. */
  private readonly unreadIn: IndexDef<OutboxMessage> = {
    name: 'unread-in',
    collection: C,
    key: (m) => (m.status === 'sent' && m.activityId && !m.readAt && m.personId ? m.conversationId : undefined),
  };
  /** Messages read (by receipt), by person: whether someone sends receipts at all. */
  private readonly readBy: IndexDef<OutboxMessage> = { name: 'read-by', collection: C, key: (m) => (m.readAt ? m.personId : undefined) };

  /**
   * "Delete my data": messages still waiting for the person are dropped; those already sent (or
   * given up) stay for the delivery counts, without recipient, conversation and card. Messages to
   * others lose the person's name inside their card.
   */
  readonly erasers: Record<string, Eraser> = {
    [C]: (m, person) => {
      const message = m as unknown as OutboxMessage;
      if (message.personId !== person.id) return m;
      if (message.status === 'pending') return null;
      const { personId: _p, recipientName: _r, conversationId: _c, activityId: _a, render: _d, replaces: _u, ...rest } = message;
      return { ...rest, activity: { type: 'message' } } as unknown as Record<string, unknown>;
    },
  };

  constructor(private readonly engine: Backend) {
    for (const def of [this.byStatus, this.bySubjectIndex, this.undelivered, this.unreadIn, this.readBy]) engine.defineIndex(def);
  }

  get(id: string): Promise<OutboxMessage | undefined> {
    return this.engine.get<OutboxMessage>(C, id);
  }

  /** A new message id: time-ordered, unique within this process, across restarts and across instances. */
  newId(now: Date): string {
    return `m-${now.getTime().toString(36)}-${INSTANCE}-${(this.seq++).toString(36)}`;
  }

  /** The op that puts `message` in the outbox; commit it with the change it belongs to. */
  op(message: OutboxMessage): Op {
    return { c: C, id: message.id, v: message };
  }

  save(message: OutboxMessage): Promise<void> {
    return this.engine.commit([this.op(message)]);
  }

  /** Messages still to send (including those waiting for a retry). */
  pending(): Promise<OutboxMessage[]> {
    return this.engine.byKey(this.byStatus, 'pending');
  }

  /**
   * The backlog, for /healthz: messages still to send, how many of them are due now (waiting for a
   * rate-limit slot or an instance), how many an instance holds claimed, and how long the oldest
   * due one has waited.
   */
  async backlog(now: Date): Promise<OutboxBacklog> {
    const t = now.getTime();
    let due = 0;
    let claimed = 0;
    let oldest = t;
    const pending = await this.pending();
    for (const m of pending) {
      const at = Date.parse(m.nextAttemptAt);
      if (at <= t) {
        due++;
        oldest = Math.min(oldest, at);
      }
      if (m.claimedUntil && Date.parse(m.claimedUntil) > t) claimed++;
    }
    return { pending: pending.length, due, claimed, oldestDueSeconds: Math.round((t - oldest) / 1000) };
  }

  pendingCount(): Promise<number> {
    return this.engine.countByKey(this.byStatus, 'pending');
  }

  /** Claims `messages` (as read) for this instance: those no other instance has changed or is claiming, patched. */
  claim(messages: readonly OutboxMessage[], patch: (m: OutboxMessage) => OutboxMessage): Promise<OutboxMessage[]> {
    return this.engine.claim(C, messages, patch);
  }

  /** Messages that did not reach their recipient (unreachable, failed, not installed). */
  undeliverable(): Promise<OutboxMessage[]> {
    return this.engine.byKey(this.undelivered, 'undelivered');
  }

  bySubject(subject: string): Promise<OutboxMessage[]> {
    return this.engine.byKey(this.bySubjectIndex, subject);
  }

  /** Delivered messages in the chat `conversationId` with no receipt yet. */
  unreadInConversation(conversationId: string): Promise<OutboxMessage[]> {
    return this.engine.byKey(this.unreadIn, conversationId);
  }

  /** Of `personIds`, those who have ever sent a read receipt for a message of the bot. */
  async sendingReceipts(personIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(personIds)];
    if (!ids.length) return new Set();
    const counts = await Promise.all(ids.map(async (id) => [id, await this.engine.countByKey(this.readBy, id)] as const));
    return new Set(counts.filter(([, n]) => n > 0).map(([id]) => id));
  }

  /** Records a read receipt's outcome: the messages it marked read, in one commit (none: nothing written). */
  async markRead(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length) await this.engine.commit(messages.map((m) => this.op(m)));
  }

  all(): Promise<readonly OutboxMessage[]> {
    return this.engine.values<OutboxMessage>(C);
  }
}
