import type { Engine } from './engine.js';
import type { ConversationRecord } from '../domain/people.js';

const C = 'conversations';

/** Conversation references kept for proactive messages. */
export class ConversationsRepo {
  constructor(private readonly engine: Engine) {}

  get(id: string): ConversationRecord | undefined {
    return this.engine.get<ConversationRecord>(C, id);
  }

  /** The person's 1:1 chat with the bot, if they have installed it. */
  personalOf(personId: string): ConversationRecord | undefined {
    return this.ofPerson(personId).find((c) => c.scope === 'personal');
  }

  ofPerson(personId: string): ConversationRecord[] {
    return this.engine.values<ConversationRecord>(C).filter((c) => c.personId === personId);
  }

  save(record: ConversationRecord): Promise<void> {
    return this.engine.commit([{ c: C, id: record.id, v: record }]);
  }

  remove(id: string): Promise<void> {
    return this.engine.commit([{ c: C, id }]);
  }

  count(): number {
    return this.engine.count(C);
  }
}
