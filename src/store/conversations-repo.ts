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

  /**
   * The person's 1:1 chat with the bot, if they have installed it: the newest one stored. After a
   * reinstall the old chat may be gone while the new one works.
   */
  personalOf(personId: string): ConversationRecord | undefined {
    return this.personalChatsOf(personId)[0];
  }

  /** Every stored 1:1 chat of the person, newest first (what a proactive message falls back through). */
  personalChatsOf(personId: string): ConversationRecord[] {
    return this.ofPerson(personId)
      .filter((c) => c.scope === 'personal')
      .sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : 0));
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
