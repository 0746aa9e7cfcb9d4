import type { Deps } from '../../deps.js';
import type { Need } from '../../domain/needs/types.js';

/** "Delete my data": needs a person registered stay with the municipality, without their name. */
export function registerNeedEraser(deps: Deps): void {
  deps.store.addEraser((engine, personId) =>
    engine
      .values<Need>('needs')
      .filter((n) => n.authorId === personId || n.history.some((h) => h.by === personId))
      .map((n) => ({
        c: 'needs',
        id: n.id,
        v: {
          ...n,
          ...(n.authorId === personId ? { authorId: null, authorName: '' } : {}),
          history: n.history.map((h) => (h.by === personId ? { ...h, by: null, byName: '' } : h)),
        },
      })),
  );
}
