import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { batchedLoader, groupBy, groupLoader, rowLoader, UNIT_MAP, type Connection } from '@ntg/subgraph-kit';
import { fundReceipts, fundReceiptVersions, fundSpendings, fundSpendingVersions } from '../db/schema';
import type { FrontLevel } from '../generated/types';

export type FundReceiptRow = typeof fundReceipts.$inferSelect;
export type FundSpendingRow = typeof fundSpendings.$inferSelect;
export type FundReceiptVersionRow = typeof fundReceiptVersions.$inferSelect;
export type FundSpendingVersionRow = typeof fundSpendingVersions.$inferSelect;

/**
 * The only version of an entry never corrected or cancelled: its row as recorded (the first change writes it to
 * the versions table, with the change's own version).
 */
export const firstVersion = {
  receipt: (r: FundReceiptRow): FundReceiptVersionRow => ({
    id: 0, receiptId: r.id, version: r.version, change: 'RECORDED', reason: null, unitCode: r.unitCode, receivedOn: r.receivedOn, donor: r.donor,
    kind: r.kind, value: r.value, description: r.description, recordedBy: r.recordedBy, recordedAt: r.recordedAt,
  }),
  spending: (s: FundSpendingRow): FundSpendingVersionRow => ({
    id: 0, spendingId: s.id, version: s.version, change: 'RECORDED', reason: null, spentOn: s.spentOn, amount: s.amount, purpose: s.purpose,
    householdId: s.householdId, modelId: s.modelId, communeCode: s.communeCode, recordedBy: s.recordedBy, recordedAt: s.recordedAt,
  }),
};

/** What a unit's fundForThePoor(year) resolves from: the fund's unit and the year; the figures load when asked. */
export interface FundKey {
  level: FrontLevel;
  unitCode: string;
  year: number;
}

export interface FundFigures {
  receipts: number;
  spending: number;
  balance: number;
}

/** A fund's year: its own figures, the figures with every fund below it, and how many records its own has. */
export interface FundYear {
  own: FundFigures;
  withLowerLevels: FundFigures;
  receiptCount: number;
  spendingCount: number;
  /** Cancelled entries of the year: counted nowhere, listed only when asked. */
  cancelledReceiptCount: number;
  cancelledSpendingCount: number;
}

/** A page of a fund's records of one year; totalCount comes from the fund rollup's counts. */
export interface FundRecordPage<T> extends Connection<T> {
  fund: FundKey;
  /** Whether the page lists cancelled entries too (totalCount then counts them). */
  includeCancelled: boolean;
}
export type FundReceiptPage = FundRecordPage<FundReceiptRow>;
export type FundSpendingPage = FundRecordPage<FundSpendingRow>;

interface FundYearRow extends Record<string, unknown> {
  code: string;
  year: number;
  own_receipts: string | number;
  own_spending: string | number;
  own_balance: string | number;
  all_receipts: string | number;
  all_spending: string | number;
  all_balance: string | number;
  receipt_count: number;
  spending_count: number;
  cancelled_receipt_count: number;
  cancelled_spending_count: number;
}

/**
 * Every fund's unit with the district and province above it, from the unit map: a commune's fund, a district's
 * (its own district), the province's. A unit's funds "with lower levels" are those whose row names it.
 */
const FUND_UNITS = sql`
  select unit.commune_code as fund_code, unit.district_code, unit.province_code from ${UNIT_MAP}
  union select unit.district_code, unit.district_code, unit.province_code from ${UNIT_MAP}
  union select unit.province_code, null, unit.province_code from ${UNIT_MAP}`;

/**
 * The year's flows and the end-of-year balance of each requested unit's own fund and of it with the funds
 * below it, for any number of units and years in one statement over the fund rollup (rows of the covered
 * funds only, up to the latest year asked: one commune reads one fund's few rows).
 */
export function fundYearsSql(keys: readonly { code: string; year: number }[]): SQL {
  const requested = sql.join(keys.map((k) => sql`(${k.code}, ${k.year}::int)`), sql`, `);
  return sql`
    with fund_unit as (${FUND_UNITS}), req(code, year) as (values ${requested})
    select req.code, req.year,
      coalesce(sum(r.receipts) filter (where f.fund_code = req.code and r.year = req.year), 0)::bigint as own_receipts,
      coalesce(sum(r.spending) filter (where f.fund_code = req.code and r.year = req.year), 0)::bigint as own_spending,
      coalesce(sum(r.receipts - r.spending) filter (where f.fund_code = req.code), 0)::bigint as own_balance,
      coalesce(sum(r.receipts) filter (where r.year = req.year), 0)::bigint as all_receipts,
      coalesce(sum(r.spending) filter (where r.year = req.year), 0)::bigint as all_spending,
      coalesce(sum(r.receipts - r.spending), 0)::bigint as all_balance,
      coalesce(sum(r.receipt_count) filter (where f.fund_code = req.code and r.year = req.year), 0)::int as receipt_count,
      coalesce(sum(r.spending_count) filter (where f.fund_code = req.code and r.year = req.year), 0)::int as spending_count,
      coalesce(sum(r.cancelled_receipt_count) filter (where f.fund_code = req.code and r.year = req.year), 0)::int as cancelled_receipt_count,
      coalesce(sum(r.cancelled_spending_count) filter (where f.fund_code = req.code and r.year = req.year), 0)::int as cancelled_spending_count
    from req
    join fund_unit f on req.code in (f.fund_code, f.district_code, f.province_code)
    join front.fund_rollup r on r.unit_code = f.fund_code and r.year <= req.year
    group by req.code, req.year`;
}

const EMPTY_YEAR: FundYear = {
  own: { receipts: 0, spending: 0, balance: 0 },
  withLowerLevels: { receipts: 0, spending: 0, balance: 0 },
  receiptCount: 0,
  spendingCount: 0,
  cancelledReceiptCount: 0,
  cancelledSpendingCount: 0,
};

const yearKey = (k: { code: string; year: number }) => `${k.code}|${k.year}`;

type PageKey = { unitCode: string; year: number; first: number; after: [string, string] | null; includeCancelled: boolean };
const pageKey = (k: PageKey) => `${k.unitCode}|${pageBatch(k)}`;
const pageBatch = (k: PageKey) => `${k.year}|${k.first}|${k.includeCancelled}|${k.after?.join('|') ?? ''}`;

/**
 * Pages of several funds' records of a year in one statement: rows numbered per fund by (date, id), the first
 * `first + 1` of each kept (the extra one says whether a next page exists).
 */
function pageLoader<T extends { id: string; unitCode: string }>(
  database: Database,
  table: typeof fundReceipts | typeof fundSpendings,
  dateColumn: typeof fundReceipts.receivedOn | typeof fundSpendings.spentOn,
) {
  return batchedLoader<PageKey, T[]>({
    cacheKey: pageKey,
    batchOf: pageBatch,
    fallback: () => [],
    async fetch(keys) {
      const { year, first, after, includeCancelled } = keys[0]!;
      const conditions = [
        inArray(table.unitCode, keys.map((k) => k.unitCode)),
        sql`${dateColumn} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`,
      ];
      if (!includeCancelled) conditions.push(isNull(table.cancelledAt));
      if (after) conditions.push(or(sql`${dateColumn} > ${after[0]}::date`, and(eq(dateColumn, after[0]), gt(table.id, after[1])))!);
      const ranked = database.db.select({
        id: table.id,
        rank: sql<number>`row_number() over (partition by ${table.unitCode} order by ${dateColumn}, ${table.id})`.as('rank'),
      }).from(table).where(and(...conditions)).as('ranked');
      const rows = await database.db.select({ row: table }).from(table).innerJoin(ranked, eq(ranked.id, table.id))
        .where(lte(ranked.rank, first + 1)).orderBy(asc(table.unitCode), asc(dateColumn), asc(table.id));
      const byFund = groupBy(rows.map((r) => r.row as unknown as T), (r) => r.unitCode);
      return new Map(keys.map((k) => [pageKey(k), byFund.get(k.unitCode) ?? []]));
    },
  });
}

export function createFundLoaders(database: Database) {
  const { db } = database;
  return {
    /** Fund figures of every unit and year of a request: one statement. */
    fundYear: batchedLoader<{ code: string; year: number }, FundYear>({
      cacheKey: yearKey,
      batchOf: () => 'all',
      fallback: () => EMPTY_YEAR,
      async fetch(keys) {
        const rows = await database.rows<FundYearRow>(fundYearsSql(keys));
        return new Map(rows.map((r) => [yearKey(r), {
          own: { receipts: Number(r.own_receipts), spending: Number(r.own_spending), balance: Number(r.own_balance) },
          withLowerLevels: { receipts: Number(r.all_receipts), spending: Number(r.all_spending), balance: Number(r.all_balance) },
          receiptCount: r.receipt_count,
          spendingCount: r.spending_count,
          cancelledReceiptCount: r.cancelled_receipt_count,
          cancelledSpendingCount: r.cancelled_spending_count,
        }]));
      },
    }),
    receiptPage: pageLoader<FundReceiptRow>(database, fundReceipts, fundReceipts.receivedOn),
    spendingPage: pageLoader<FundSpendingRow>(database, fundSpendings, fundSpendings.spentOn),
    fundReceipt: rowLoader<string, FundReceiptRow>((ids) => db.select().from(fundReceipts).where(inArray(fundReceipts.id, [...ids])), (r) => r.id),
    fundSpending: rowLoader<string, FundSpendingRow>((ids) => db.select().from(fundSpendings).where(inArray(fundSpendings.id, [...ids])), (r) => r.id),
    /** The versions of corrected or cancelled receipts, oldest first; empty for a receipt never changed. */
    receiptVersions: groupLoader<string, FundReceiptVersionRow>(
      (ids) => db.select().from(fundReceiptVersions).where(inArray(fundReceiptVersions.receiptId, [...ids])).orderBy(asc(fundReceiptVersions.version)),
      (v) => v.receiptId,
    ),
    spendingVersions: groupLoader<string, FundSpendingVersionRow>(
      (ids) => db.select().from(fundSpendingVersions).where(inArray(fundSpendingVersions.spendingId, [...ids])).orderBy(asc(fundSpendingVersions.version)),
      (v) => v.spendingId,
    ),
  };
}
