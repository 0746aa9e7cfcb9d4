import { Engine, type EngineStats, type OpenOptions, type StoreHealth } from './engine.js';
import { PeopleRepo } from './people-repo.js';
import { ConversationsRepo } from './conversations-repo.js';
import { NeedsRepo } from './needs-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { CallsRepo } from './calls-repo.js';
import { ParticipationRepo } from './participation-repo.js';
import type { Op } from './types.js';

/** Contributes the changes that erase or anonymise one person's data in a collection. */
export type Eraser = (engine: Engine, personId: string) => Op[];

/** The bot's persistent state, shaped by its use cases. */
export class Store {
  readonly people: PeopleRepo;
  readonly conversations: ConversationsRepo;
  readonly needs: NeedsRepo;
  readonly outbox: OutboxRepo;
  readonly calls: CallsRepo;
  readonly participation: ParticipationRepo;
  private readonly erasers: Eraser[] = [];

  constructor(readonly engine: Engine) {
    this.people = new PeopleRepo(engine);
    this.conversations = new ConversationsRepo(engine);
    this.needs = new NeedsRepo(engine);
    this.outbox = new OutboxRepo(engine);
    this.calls = new CallsRepo(engine);
    this.participation = new ParticipationRepo(engine);
  }

  /** Lets a feature take part in "delete my data" (e.g. anonymise records a person authored). */
  addEraser(eraser: Eraser): void {
    this.erasers.push(eraser);
  }

  /**
   * Removes the person record and their conversation references, and lets every feature anonymise
   * what the person authored, all in one atomic commit.
   */
  async erasePerson(personId: string): Promise<{ removed: number }> {
    const ops: Op[] = [{ c: 'people', id: personId }];
    for (const conv of this.conversations.ofPerson(personId)) ops.push({ c: 'conversations', id: conv.id });
    for (const eraser of this.erasers) ops.push(...eraser(this.engine, personId));
    await this.engine.commit(ops);
    return { removed: ops.length };
  }

  stats(): EngineStats {
    return this.engine.stats();
  }

  /** Whether the store takes writes now; while not, every change is refused (StoreUnavailableError). */
  health(): StoreHealth {
    return this.engine.health();
  }

  /** Called when writing stops working and when it works again. */
  onHealthChange(listener: (health: StoreHealth) => void): void {
    this.engine.onHealthChange(listener);
  }

  flushed(): Promise<void> {
    return this.engine.flushed();
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Opens the JSON store at `file` (one process owns it; see README "The store"). */
export async function openStore(file: string, options?: OpenOptions): Promise<Store> {
  return new Store(await Engine.open(file, options));
}

/** The in-memory twin for unit tests. */
export function memoryStore(): Store {
  return new Store(Engine.memory());
}
