import { inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { rowLoader } from '@ntg/subgraph-kit';
import { partners } from '../db/schema';

export type PartnerRow = typeof partners.$inferSelect;

/** Partners by id, one statement per batch; unknown ids give null. */
export function createPartnerLoaders(database: Database) {
  return {
    partner: rowLoader<string, PartnerRow>((ids) => database.db.select().from(partners).where(inArray(partners.id, [...ids])), (r) => r.id),
  };
}
