import type { Backend, IndexDef } from './backend.js';
import type { Op } from './types.js';
import type { HistoryEntry, Need, NeedGroup, PriorityList } from '../domain/needs/types.js';
import { EventLog } from './event-log.js';
import { anonymise, type Eraser } from './erasure.js';
import { needReference } from '../domain/needs/reference.js';
import { reserveNumber } from './counters.js';

const NEEDS = 'needs';
const GROUPS = 'needGroups';
const PRIORITIES = 'priorities';
export const NEED_EVENTS = 'needEvents';

/** Knowledge needs, their groups and the clusters' priority lists. */
export class NeedsRepo {
  private readonly byAuthorIndex: IndexDef<Need> = { name: 'author', collection: NEEDS, key: (n) => n.authorId ?? undefined };
  private readonly byMunicipality: IndexDef<Need> = { name: 'municipality', collection: NEEDS, key: (n) => n.municipality };
  private readonly byStatus: IndexDef<Need> = { name: 'status', collection: NEEDS, key: (n) => n.status };
  private readonly byUpdatedDay: IndexDef<Need> = { name: 'updatedDay', collection: NEEDS, key: (n) => n.updatedAt.slice(0, 10) };
  /** Each need's history, one record per event (see {@link EventLog}). */
  readonly events: EventLog<HistoryEntry>;

  /** "Delete my data": needs, their history, groups and priority lists stay for the municipality, without the person. */
  readonly erasers: Record<string, Eraser> = { [NEEDS]: anonymise, [NEED_EVENTS]: anonymise, [GROUPS]: anonymise, [PRIORITIES]: anonymise };

  constructor(private readonly engine: Backend) {
    engine.defineIndex(this.byAuthorIndex);
    engine.defineIndex(this.byMunicipality);
    engine.defineIndex(this.byStatus);
    engine.defineIndex(this.byUpdatedDay);
    this.events = new EventLog<HistoryEntry>(engine, NEED_EVENTS);
  }

  /** The need's history, oldest first. */
  history(needId: string): Promise<HistoryEntry[]> {
    return this.events.list(needId);
  }

  /** The op that appends `entry` to the need's history; commit it with the change. */
  historyOp(needId: string, entry: HistoryEntry): Promise<Op> {
    return this.events.appendOp(needId, entry);
  }

  get(id: string): Promise<Need | undefined> {
    return this.engine.get<Need>(NEEDS, id);
  }

  /** The needs at `ids`, in that order (`undefined` where none). */
  getMany(ids: readonly string[]): Promise<(Need | undefined)[]> {
    return this.engine.getMany<Need>(NEEDS, ids);
  }

  all(): Promise<readonly Need[]> {
    return this.engine.values<Need>(NEEDS);
  }

  byAuthor(personId: string): Promise<Need[]> {
    return this.engine.byKey(this.byAuthorIndex, personId);
  }

  inMunicipalities(municipalities: ReadonlySet<string> | readonly string[]): Promise<Need[]> {
    return this.engine.byKey(this.byMunicipality, [...municipalities]);
  }

  /** Needs last changed on one of `days` (YYYY-MM-DD, UTC): what other instances changed lately. */
  updatedOn(days: readonly string[]): Promise<Need[]> {
    return this.engine.byKey(this.byUpdatedDay, days);
  }

  withStatus(status: Need['status']): Promise<Need[]> {
    return this.engine.byKey(this.byStatus, status);
  }

  count(): Promise<number> {
    return this.engine.count(NEEDS);
  }

  /** The next reference (KB-…) and the ops that reserve it; commit them with the need. */
  async reserveReference(now: Date, timezone: string): Promise<{ ref: string; ops: Op[] }> {
    const { year, n, ops } = await reserveNumber(this.engine, 'needs', now, timezone);
    return { ref: needReference(year, n), ops };
  }

  op(need: Need): Op {
    return { c: NEEDS, id: need.id, v: need };
  }

  group(id: string): Promise<NeedGroup | undefined> {
    return this.engine.get<NeedGroup>(GROUPS, id);
  }

  groupOp(group: NeedGroup): Op {
    return group.needIds.length ? { c: GROUPS, id: group.id, v: group } : { c: GROUPS, id: group.id };
  }

  async priorities(cluster: string): Promise<PriorityList> {
    return (await this.engine.get<PriorityList>(PRIORITIES, cluster)) ?? { id: cluster, entries: [], updatedAt: '', updatedBy: null };
  }

  prioritiesOp(list: PriorityList): Op {
    return { c: PRIORITIES, id: list.id, v: list };
  }

  commit(ops: Op[]): Promise<void> {
    return this.engine.commit(ops);
  }
}
