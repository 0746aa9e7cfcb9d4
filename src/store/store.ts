import { Engine, type OpenOptions, type StoreHealth } from './engine.js';
import type { Backend, BackendStats } from './backend.js';
import { PeopleRepo } from './people-repo.js';
import { ConversationsRepo } from './conversations-repo.js';
import { NeedsRepo } from './needs-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { CallsRepo } from './calls-repo.js';
import { ParticipationRepo } from './participation-repo.js';
import { needlesOf, planErasure, type ErasedPerson, type Eraser, type ErasurePlan } from './erasure.js';

/** The bot's persistent state, shaped by its use cases. */
export class Store {
  readonly people: PeopleRepo;
  readonly conversations: ConversationsRepo;
  readonly needs: NeedsRepo;
  readonly outbox: OutboxRepo;
  readonly calls: CallsRepo;
  readonly participation: ParticipationRepo;
  /** How each collection takes part in "delete my data"; a collection without one is a bug (a test walks them). */
  private readonly erasers = new Map<string, Eraser>([
    // per-year reference numbers, and the bot's own settings (link secret, sweep start times)
    ['counters', 'none'],
    ['meta', 'none'],
  ]);

  constructor(readonly engine: Backend) {
    this.people = new PeopleRepo(engine);
    this.conversations = new ConversationsRepo(engine);
    this.needs = new NeedsRepo(engine);
    this.outbox = new OutboxRepo(engine);
    this.calls = new CallsRepo(engine);
    this.participation = new ParticipationRepo(engine);
    for (const repo of [this.people, this.conversations, this.needs, this.outbox, this.calls, this.participation]) {
      for (const [c, eraser] of Object.entries(repo.erasers)) this.registerCollection(c, eraser);
    }
  }

  /** Declares a collection and how "delete my data" treats it (`'none'`: it holds no personal data). */
  registerCollection(collection: string, eraser: Eraser): void {
    this.erasers.set(collection, eraser);
  }

  /** Collections that hold records but have no eraser registered. */
  async unregisteredCollections(): Promise<string[]> {
    const { counts } = await this.engine.describe();
    return Object.keys(counts).filter((c) => counts[c] && !this.erasers.has(c));
  }

  /** What "delete my data" would delete and anonymise for this person, collection by collection. */
  async erasurePlan(personId: string, anonymous = ''): Promise<ErasurePlan> {
    const person = await this.erasedPerson(personId, anonymous);
    // only the records that name the person are read (the database searches); the plan looks at
    // those, in the order the collections were declared (people first), whichever order the backend lists them in
    const { ids, texts } = needlesOf(person);
    const found = await this.engine.mentioning([...ids, ...texts]);
    const present = Object.keys((await this.engine.describe()).counts);
    const collections: Record<string, Record<string, unknown>> = {};
    for (const c of [...[...this.erasers.keys()].filter((k) => present.includes(k)), ...present.filter((k) => !this.erasers.has(k))]) collections[c] = {};
    for (const r of found) (collections[r.c] ??= {})[r.id] = r.v;
    const plan = planErasure(collections, this.erasers, person);
    // a collection without an eraser is named whether or not it mentions the person
    plan.unregistered = present.filter((c) => !this.erasers.has(c));
    return plan;
  }

  /**
   * Erases the person everywhere in one atomic commit: their own records go, what must stay for
   * the others (a municipality's answer, a need, a call) stays without their name, e-mail and ids.
   */
  async erasePerson(personId: string, anonymous = ''): Promise<ErasurePlan> {
    const plan = await this.erasurePlan(personId, anonymous);
    await this.engine.commit(plan.ops);
    return plan;
  }

  private async erasedPerson(personId: string, anonymous: string): Promise<ErasedPerson> {
    const person = await this.people.get(personId);
    const otherIds = new Set<string>();
    for (const conv of await this.conversations.ofPerson(personId)) {
      otherIds.add(conv.id);
      const user = (conv.reference as { user?: { id?: unknown } }).user;
      if (typeof user?.id === 'string') otherIds.add(user.id);
    }
    return { id: personId, name: person?.name, email: person?.email, otherIds: [...otherIds], anonymous };
  }

  stats(): Promise<BackendStats> {
    return this.engine.describe();
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
