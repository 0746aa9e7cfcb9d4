import type { Engine } from './engine.js';
import type { Op } from './types.js';
import type { OutboxMessage } from '../domain/outbox.js';

const C = 'outbox';

/** The durable outbox: messages are written in the same commit as the change that causes them. */
export class OutboxRepo {
  private seq = 0;

  constructor(private readonly engine: Engine) {}

  get(id: string): OutboxMessage | undefined {
    return this.engine.get<OutboxMessage>(C, id);
  }

  /** A new message id: time-ordered, unique within this process and across restarts. */
  newId(now: Date): string {
    return `m-${now.getTime().toString(36)}-${process.pid.toString(36)}-${(this.seq++).toString(36)}`;
  }

  /** The op that puts `message` in the outbox; commit it with the change it belongs to. */
  op(message: OutboxMessage): Op {
    return { c: C, id: message.id, v: message };
  }

  save(message: OutboxMessage): Promise<void> {
    return this.engine.commit([this.op(message)]);
  }

  pending(): OutboxMessage[] {
    return this.engine.values<OutboxMessage>(C).filter((m) => m.status === 'pending');
  }

  bySubject(subject: string): OutboxMessage[] {
    return this.engine.values<OutboxMessage>(C).filter((m) => m.subject === subject);
  }

  all(): readonly OutboxMessage[] {
    return this.engine.values<OutboxMessage>(C);
  }
}
