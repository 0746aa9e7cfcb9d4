import type { Engine } from './engine.js';

/**
 * A secondary index kept in memory beside a collection: record ids by one key, updated on every
 * commit. Lookups cost the number of matches, not the size of the collection.
 */
export class IndexBy<T> {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keyOfId = new Map<string, string>();

  constructor(private readonly engine: Engine, private readonly collection: string, key: (record: T) => string | undefined) {
    engine.watch<T>(collection, (id, record) => {
      const before = this.keyOfId.get(id);
      const after = record === undefined ? undefined : key(record);
      if (before === after) return;
      if (before !== undefined) {
        const ids = this.byKey.get(before)!;
        ids.delete(id);
        if (!ids.size) this.byKey.delete(before);
        this.keyOfId.delete(id);
      }
      if (after !== undefined) {
        let ids = this.byKey.get(after);
        if (!ids) this.byKey.set(after, (ids = new Set()));
        ids.add(id);
        this.keyOfId.set(id, after);
      }
    });
  }

  /** The records whose key is `key`, in the order they were first indexed. */
  get(key: string): T[] {
    const out: T[] = [];
    for (const id of this.byKey.get(key) ?? []) {
      const record = this.engine.get<T>(this.collection, id);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  count(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }
}
