/** What an index needs of the engine it sits beside. */
export interface Watchable {
  peek<T>(c: string, id: string): T | undefined;
  watch<T>(c: string, fn: (id: string, value: T | undefined, before: T | undefined) => void): void;
}

/**
 * A secondary index kept in memory beside a collection: record ids by one key, updated on every
 * commit. Lookups cost the number of matches, not the size of the collection.
 */
export class IndexBy<T> {
  private readonly byKey = new Map<string, Set<string>>();
  private built = false;

  constructor(
    private readonly engine: Watchable,
    private readonly collection: string,
    private readonly key: (record: T) => string | undefined,
  ) {}

  /** Built on first use (not while the bot starts), then kept up to date by every commit. */
  private ensure(): void {
    if (this.built) return;
    this.built = true;
    const key = this.key;
    this.engine.watch<T>(this.collection, (id, record, previous) => {
      const before = previous === undefined ? undefined : key(previous);
      const after = record === undefined ? undefined : key(record);
      if (before === after) return;
      if (before !== undefined) {
        const ids = this.byKey.get(before);
        ids?.delete(id);
        if (ids && !ids.size) this.byKey.delete(before);
      }
      if (after !== undefined) {
        let ids = this.byKey.get(after);
        if (!ids) this.byKey.set(after, (ids = new Set()));
        ids.add(id);
      }
    });
  }

  /** The records whose key is `key`, in the order they were first indexed. */
  get(key: string): T[] {
    this.ensure();
    const out: T[] = [];
    for (const id of this.byKey.get(key) ?? []) {
      const record = this.engine.peek<T>(this.collection, id);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  count(key: string): number {
    this.ensure();
    return this.byKey.get(key)?.size ?? 0;
  }
}
