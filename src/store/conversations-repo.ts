import type { Engine } from './engine.js';
import { IndexBy } from './index-by.js';
import type { ConversationRecord } from '../domain/people.js';
import { remove, type Eraser } from './erasure.js';

const C = 'conversations';

/** Conversation references kept for proactive messages. */
export class ConversationsRepo {
  private readonly byPerson: IndexBy<ConversationRecord>;

  /** "Delete my data": the person's conversation references go. */
  readonly erasers: Record<string, Eraser> = { [C]: remove };

  constructor(private readonly engine: Engine) {
    this.byPerson = new IndexBy<ConversationRecord>(engine, C, (c) => c.personId);
  }

  get(id: string): ConversationRecord | undefined {
    return this.engine.get<ConversationRecord>(C, id);
  }

  /** The person's 1:1 chat with the bot, if they have installed it. */
  personalOf(personId: string): ConversationRecord | undefined {
    return this.ofPerson(personId).find((c) => c.scope === 'personal');
  }

  ofPerson(personId: string): ConversationRecord[] {
    return this.byPerson.get(personId);
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
