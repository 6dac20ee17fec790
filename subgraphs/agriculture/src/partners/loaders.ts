import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader, type Connection } from '@ntg/subgraph-kit';
import { partnerCommunes, partners } from '../db/schema';
import type { PartnerKind } from '../generated/types';

export type PartnerRow = typeof partners.$inferSelect;

/** What PartnerConnection resolves from: a page, and the filter its totalCount counts by (only when asked). */
export interface PartnerPage extends Connection<PartnerRow> {
  conditions: SQL[];
}

/** The filters of `partners`, as SQL on the partners table. */
export function partnerFilter(filter: { kind?: PartnerKind | null; communeCode?: string | null }): SQL[] {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(partners.kind, filter.kind));
  if (filter.communeCode) {
    conditions.push(sql`exists (select 1 from ${partnerCommunes} pc where pc.partner_id = ${partners.id} and pc.commune_code = ${filter.communeCode})`);
  }
  return conditions;
}

/** Partners by id and the communes each serves, one statement per batch; unknown ids give null. */
export function createPartnerLoaders(database: Database) {
  const { db } = database;
  return {
    partner: rowLoader<string, PartnerRow>((ids) => db.select().from(partners).where(inArray(partners.id, [...ids])), (r) => r.id),
    partnerCommunes: groupLoader<string, { partnerId: string; communeCode: string }>(
      (ids) => db.select().from(partnerCommunes).where(inArray(partnerCommunes.partnerId, [...ids])).orderBy(asc(partnerCommunes.communeCode)),
      (r) => r.partnerId,
    ),
    partnerCount: {
      /** An indexed count of the partners matching a filter (the connection's totalCount). */
      load: async (conditions: SQL[]): Promise<number> => {
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(partners).where(and(...conditions));
        return row?.n ?? 0;
      },
    },
  };
}
