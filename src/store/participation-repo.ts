import type { Backend, IndexDef } from './backend.js';
import type { Op } from './types.js';
import type { Participation, ParticipationEntry } from '../domain/participation.js';
import { EventLog } from './event-log.js';
import { anonymise, type Eraser } from './erasure.js';

const C = 'participation';
export const PARTICIPATION_EVENTS = 'participationEvents';

/** Each municipality's road into each cluster. A member with no record is "invited". */
export class ParticipationRepo {
  /** Each municipality's steps, one record per step (see {@link EventLog}). */
  readonly events: EventLog<ParticipationEntry>;
  private readonly byCluster: IndexDef<Participation> = { name: 'cluster', collection: C, key: (p) => p.cluster };

  /** "Delete my data": the municipality's road stays; the person's name and e-mail as its contact go. */
  readonly erasers: Record<string, Eraser> = {
    [C]: (p, person) => {
      const { contactName, contactEmail, ...rest } = p as unknown as Participation;
      const named = contactName === person.name || (!!contactEmail && contactEmail.toLowerCase() === person.email?.toLowerCase());
      return (named ? rest : p) as Record<string, unknown>;
    },
    [PARTICIPATION_EVENTS]: anonymise,
  };

  constructor(private readonly engine: Backend) {
    this.events = new EventLog<ParticipationEntry>(engine, PARTICIPATION_EVENTS);
    engine.defineIndex(this.byCluster);
  }

  /** The steps recorded for `id` (`cluster:municipality`), oldest first. */
  history(id: string): Promise<ParticipationEntry[]> {
    return this.events.list(id);
  }

  historyOp(id: string, entry: ParticipationEntry): Promise<Op> {
    return this.events.appendOp(id, entry);
  }

  async get(cluster: string, municipality: string): Promise<Participation> {
    return (
      (await this.engine.get<Participation>(C, `${cluster}:${municipality}`)) ?? {
        id: `${cluster}:${municipality}`,
        cluster,
        municipality,
        state: 'invited',
        updatedAt: '',
      }
    );
  }

  stored(cluster: string): Promise<Participation[]> {
    return this.engine.byKey(this.byCluster, cluster);
  }

  op(p: Participation): Op {
    return { c: C, id: p.id, v: p };
  }

  commit(ops: Op[]): Promise<void> {
    return this.engine.commit(ops);
  }
}
