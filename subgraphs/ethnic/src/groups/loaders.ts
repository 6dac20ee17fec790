import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { rowLoader } from '@ntg/subgraph-kit';
import { ethnicGroups } from '../db/schema';

export type EthnicGroupRow = typeof ethnicGroups.$inferSelect;

/** Ethnic groups by GSO code, one statement for any number of codes; unknown codes give null. */
export function createEthnicGroupLoaders(database: Database) {
  return {
    ethnicGroup: rowLoader<string, EthnicGroupRow>(
      (codes) => database.db.select().from(ethnicGroups).where(inArray(ethnicGroups.code, [...codes])).orderBy(asc(ethnicGroups.code)),
      (row) => row.code,
    ),
  };
}
