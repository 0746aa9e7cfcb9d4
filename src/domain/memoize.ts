/**
 * `fn` with its results kept by `key(...args)`: for pure computations a turn would otherwise repeat
 * (date formatters, holiday tables, a word's stem). At `max` entries the cache starts over.
 */
export function memoize<A extends unknown[], V>(fn: (...args: A) => V, key: (...args: A) => string, max = 10_000): (...args: A) => V {
  const cache = new Map<string, V>();
  return (...args: A): V => {
    const k = key(...args);
    if (cache.has(k)) return cache.get(k) as V;
    const value = fn(...args);
    if (cache.size >= max) cache.clear();
    cache.set(k, value);
    return value;
  };
}
