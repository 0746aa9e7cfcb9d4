import type { Backend, IndexDef } from './backend.js';
import type { ConversationRecord } from '../domain/people.js';
import { remove, type Eraser } from './erasure.js';

const C = 'conversations';

/** Conversation references kept for proactive messages. */
export class ConversationsRepo {
  private readonly byPerson: IndexDef<ConversationRecord> = { name: 'person', collection: C, key: (c) => c.personId };

  /** "Delete my data": the person's conversation references go. */
  readonly erasers: Record<string, Eraser> = { [C]: remove };

  constructor(private readonly engine: Backend) {
    engine.defineIndex(this.byPerson);
  }

  get(id: string): Promise<ConversationRecord | undefined> {
    return this.engine.get<ConversationRecord>(C, id);
  }

  /**
   * The person's 1:1 chat with the bot, if they have installed it: the newest one stored. After a
   * reinstall the old chat may be gone while the new one works.
   */
  async personalOf(personId: string): Promise<ConversationRecord | undefined> {
    return (await this.personalChatsOf(personId))[0];
  }

  /** Every stored 1:1 chat of the person, newest first (what a proactive message falls back through). */
  async personalChatsOf(personId: string): Promise<ConversationRecord[]> {
    return (await this.ofPerson(personId)).filter((c) => c.scope === 'personal').sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : 0));
  }

  ofPerson(personId: string): Promise<ConversationRecord[]> {
    return this.engine.byKey(this.byPerson, personId);
  }

  save(record: ConversationRecord): Promise<void> {
    return this.engine.commit([{ c: C, id: record.id, v: record }]);
  }

  remove(id: string): Promise<void> {
    return this.engine.commit([{ c: C, id }]);
  }

  count(): Promise<number> {
    return this.engine.count(C);
  }
}
