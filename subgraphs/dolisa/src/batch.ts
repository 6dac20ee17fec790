import DataLoader from 'dataloader';

/**
 * A DataLoader for "all rows belonging to each key" (one statement for every key of a tick): the fetcher
 * returns rows for all keys, and they are grouped back by keyOf.
 */
export function groupLoader<K extends string | number, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch(keys);
    const grouped = new Map<K, R[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = grouped.get(key);
      if (list) list.push(row);
      else grouped.set(key, [row]);
    }
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
