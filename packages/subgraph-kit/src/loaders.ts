import DataLoader from 'dataloader';

/** Groups items by a key, keeping their order within each group. */
export function groupBy<T, K = string>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * A DataLoader for "all rows belonging to each key" (one statement for every key of a tick): the fetcher
 * returns rows for all keys, and they are grouped back by keyOf.
 */
export function groupLoader<K extends string | number, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const grouped = groupBy(await fetch(keys), keyOf);
    return keys.map((k) => grouped.get(k) ?? []);
  });
}

/** A DataLoader for "the row with each key", null where there is none. */
export function rowLoader<K extends string | number, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/**
 * A DataLoader over composite keys (objects): keys with the same `batchOf` share one fetch, which returns a map
 * from each key's `cacheKey` to its value; missing keys get `fallback(key)`.
 */
export function batchedLoader<K, V>(options: {
  cacheKey: (key: K) => string;
  batchOf: (key: K) => string;
  fetch: (keys: readonly K[]) => Promise<Map<string, V>>;
  fallback: (key: K) => V;
}): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(async (keys) => {
    const found = new Map<string, V>();
    await Promise.all([...groupBy(keys, options.batchOf).values()].map(async (batch) => {
      for (const [key, value] of await options.fetch(batch)) found.set(key, value);
    }));
    return keys.map((k) => found.get(options.cacheKey(k)) ?? options.fallback(k));
  }, { cacheKeyFn: options.cacheKey });
}
