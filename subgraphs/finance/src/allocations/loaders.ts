import DataLoader from 'dataloader';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { requireUnit } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { checkYear, groupLoader, inList, rowLoader, UNIT_MAP, type Connection } from '@ntg/subgraph-kit';
import { allocations, allocationVersions, disbursementReversals, disbursements, settlementReversals, settlements } from '../db/schema';
import type { FundingAllocationFilter } from '../generated/types';

export type AllocationRow = typeof allocations.$inferSelect;
export type AllocationVersionRow = typeof allocationVersions.$inferSelect;
export type DisbursementRow = typeof disbursements.$inferSelect;
export type SettlementRow = typeof settlements.$inferSelect;
export type DisbursementReversalRow = typeof disbursementReversals.$inferSelect;
export type SettlementReversalRow = typeof settlementReversals.$inferSelect;

/** A page of allocations, with the filter its totalCount is counted for. */
export type AllocationPage = Connection<AllocationRow> & { filter: FundingAllocationFilter };

/** The filter as SQL conditions on `finance.allocations`; unknown units are the caller's mistake. */
export function allocationConditions(filter: FundingAllocationFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.year != null) {
    checkYear(filter.year, 'filter.year');
    conditions.push(eq(allocations.year, filter.year));
  }
  if (filter.communeCode) conditions.push(eq(allocations.communeCode, requireUnit('COMMUNE', filter.communeCode).code));
  if (filter.districtCode) {
    const district = requireUnit('DISTRICT', filter.districtCode);
    conditions.push(sql`${allocations.communeCode} in (select commune_code from ${UNIT_MAP} where unit.district_code = ${district.code})`);
  }
  if (filter.sourceCode) conditions.push(eq(allocations.sourceCode, filter.sourceCode));
  if (filter.item) conditions.push(eq(allocations.item, filter.item));
  if (filter.status) conditions.push(eq(allocations.status, filter.status));
  if (filter.modelId) conditions.push(eq(allocations.modelId, filter.modelId));
  return conditions;
}

/**
 * How many allocations match: from the allocation rollup (its dimensions are the filter's, bar the model), or,
 * for one model's allocations, an indexed count of that model's rows.
 */
export async function countAllocations(database: Database, filter: FundingAllocationFilter): Promise<number> {
  if (filter.modelId) {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(allocations).where(and(...allocationConditions(filter)));
    return row?.n ?? 0;
  }
  const conditions: SQL[] = [];
  if (filter.year != null) conditions.push(sql`r.year = ${filter.year}`);
  if (filter.communeCode) conditions.push(sql`r.commune_code = ${filter.communeCode}`);
  if (filter.districtCode) conditions.push(sql`r.commune_code in (select commune_code from ${UNIT_MAP} where unit.district_code = ${filter.districtCode})`);
  if (filter.sourceCode) conditions.push(sql`r.source_code = ${filter.sourceCode}`);
  if (filter.item) conditions.push(sql`r.item = ${filter.item}`);
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const [row] = await database.rows<{ n: number }>(sql`select coalesce(sum(r.allocations), 0)::int as n from finance.allocation_rollup r ${where}`);
  return row?.n ?? 0;
}

/** One page in id order after the cursor's id; `size + 1` rows tell whether another page follows. */
export function listAllocations(database: Database, filter: FundingAllocationFilter, size: number, afterId: string | null): Promise<AllocationRow[]> {
  const conditions = allocationConditions(filter);
  if (afterId !== null) conditions.push(gt(allocations.id, afterId));
  return database.db.select().from(allocations).where(and(...conditions)).orderBy(asc(allocations.id)).limit(size + 1);
}

interface HouseholdSums extends Record<string, unknown> {
  household_id: string;
  year: number;
  approved: string;
  disbursed: string;
  settled: string;
}

const householdYear = (k: { householdId: string; year: number }) => `${k.householdId}|${k.year}`;

/** Allocations, their versions and payments by key; one statement per kind of lookup and request. */
export function createAllocationLoaders(database: Database) {
  const { db } = database;
  return {
    allocationById: rowLoader<string, AllocationRow>((ids) => db.select().from(allocations).where(inArray(allocations.id, [...ids])), (r) => r.id),
    allocationsOfModel: groupLoader<string, AllocationRow>(
      (ids) => db.select().from(allocations).where(inArray(allocations.modelId, [...ids])).orderBy(asc(allocations.year), asc(allocations.id)),
      (r) => r.modelId!,
    ),
    /** A household's allocations of a year, cancelled ones included ("household|year" keys). */
    allocationsOfHousehold: groupLoader<string, AllocationRow>(
      (keys) => {
        const pairs = keys.map((k) => k.split('|'));
        return db.select().from(allocations)
          .where(sql`(${allocations.householdId}, ${allocations.year}) in (${sql.join(pairs.map(([h, y]) => sql`(${h}, ${Number(y)})`), sql`, `)})`)
          .orderBy(asc(allocations.id));
      },
      (r) => `${r.householdId}|${r.year}`,
    ),
    /** What reached a household in a year over its active allocations, summed in SQL. */
    householdSums: new DataLoader<{ householdId: string; year: number }, { approved: string; disbursed: string; settled: string }, string>(async (keys) => {
      const rows = await database.rows<HouseholdSums>(sql`
        select household_id, year, sum(approved)::text as approved, sum(disbursed)::text as disbursed, sum(settled)::text as settled
        from finance.allocations
        where household_id in (${inList(keys.map((k) => k.householdId))}) and year in (${inList([...new Set(keys.map((k) => k.year))])}) and status = 'ACTIVE'
        group by household_id, year`);
      const found = new Map(rows.map((r) => [householdYear({ householdId: r.household_id, year: r.year }), r]));
      return keys.map((k) => found.get(householdYear(k)) ?? { approved: '0', disbursed: '0', settled: '0' });
    }, { cacheKeyFn: householdYear }),
    versionsOf: groupLoader<string, AllocationVersionRow>(
      (ids) => db.select().from(allocationVersions).where(inArray(allocationVersions.allocationId, [...ids])).orderBy(asc(allocationVersions.version)),
      (r) => r.allocationId,
    ),
    disbursementsOf: groupLoader<string, DisbursementRow>(
      (ids) => db.select().from(disbursements).where(inArray(disbursements.allocationId, [...ids])).orderBy(asc(disbursements.paidOn), asc(disbursements.id)),
      (r) => r.allocationId,
    ),
    settlementsOf: groupLoader<string, SettlementRow>(
      (ids) => db.select().from(settlements).where(inArray(settlements.allocationId, [...ids])).orderBy(asc(settlements.settledOn), asc(settlements.id)),
      (r) => r.allocationId,
    ),
    /** A payment's reversal by the payment's id; null while it stands. */
    disbursementReversal: rowLoader<number, DisbursementReversalRow>(
      (ids) => db.select().from(disbursementReversals).where(inArray(disbursementReversals.disbursementId, [...ids])), (r) => r.disbursementId,
    ),
    /** A settlement's reversal by the settlement's id; null while it stands. */
    settlementReversal: rowLoader<number, SettlementReversalRow>(
      (ids) => db.select().from(settlementReversals).where(inArray(settlementReversals.settlementId, [...ids])), (r) => r.settlementId,
    ),
  };
}
