import type { Engine } from './engine.js';
import type { Op } from './types.js';
import type { Participation } from '../domain/participation.js';

const C = 'participation';

/** Each municipality's road into each cluster. A member with no record is "invited". */
export class ParticipationRepo {
  constructor(private readonly engine: Engine) {}

  get(cluster: string, municipality: string): Participation {
    return (
      this.engine.get<Participation>(C, `${cluster}:${municipality}`) ?? {
        id: `${cluster}:${municipality}`,
        cluster,
        municipality,
        state: 'invited',
        updatedAt: '',
        history: [],
      }
    );
  }

  stored(cluster: string): Participation[] {
    return this.engine.values<Participation>(C).filter((p) => p.cluster === cluster);
  }

  op(p: Participation): Op {
    return { c: C, id: p.id, v: p };
  }

  commit(ops: Op[]): Promise<void> {
    return this.engine.commit(ops);
  }
}
