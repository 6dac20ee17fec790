import { sql, type SQL } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { batchedLoader, groupLoader, inList, requestedUnitPairs, requestedUnitsFilter, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';
import type { FundingItem } from '../generated/types';
import type { ModelFacts } from './units';

export interface SummaryKey {
  level: UnitLevel;
  code: string;
  year: number;
}

/** Sums arrive as bigint text and leave through the Vnd scalar, so no total is ever rounded. */
export interface SourceFunding {
  sourceCode: string;
  approved: string;
  disbursed: string;
  settled: string;
}

export interface ItemFunding {
  item: FundingItem;
  approved: string;
  disbursed: string;
  settled: string;
}

export interface FundingSummary {
  year: number;
  approved: string;
  disbursed: string;
  settled: string;
  disbursementRate: number | null;
  allocationCount: number;
  syntheticAllocations: number;
  cancelledAllocations: number;
  bySource: SourceFunding[];
  byItem: ItemFunding[];
}

/** What a FundingSummary's resolvers receive: the sums, and what flagCounts needs (DOLISA's facts, or null without). */
export type FundingSummaryParent = FundingSummary & { unit: SummaryKey; facts: readonly ModelFacts[] | null };

interface SummaryRow extends Record<string, unknown> {
  level: UnitLevel;
  code: string;
  year: number;
  dimension: 'TOTAL' | 'SOURCE' | 'ITEM';
  source_code: string | null;
  item: FundingItem | null;
  approved: string;
  disbursed: string;
  settled: string;
  disbursement_rate: number | null;
  allocations: number;
  synthetic_allocations: number;
  cancelled_allocations: number;
}

const keyOf = (k: SummaryKey) => `${k.level}|${k.code}|${k.year}`;

/**
 * One statement answers every requested unit of every level for all requested years, from the allocation rollup
 * (rows of the requested units' communes only): the totals, and per source and per item, as grouping sets.
 */
export function fundingSummarySql(keys: readonly SummaryKey[]): SQL {
  return sql`
    select * from (
      select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year,
        case when grouping(r.source_code) = 0 then 'SOURCE' when grouping(r.item) = 0 then 'ITEM' else 'TOTAL' end as dimension,
        case when grouping(r.source_code) = 0 then r.source_code end as source_code,
        case when grouping(r.item) = 0 then r.item end as item,
        coalesce(sum(r.approved) filter (where r.status = 'ACTIVE'), 0)::text as approved,
        coalesce(sum(r.disbursed) filter (where r.status = 'ACTIVE'), 0)::text as disbursed,
        coalesce(sum(r.settled) filter (where r.status = 'ACTIVE'), 0)::text as settled,
        (sum(r.disbursed) filter (where r.status = 'ACTIVE'))::float8 / nullif(sum(r.approved) filter (where r.status = 'ACTIVE'), 0)::float8 as disbursement_rate,
        coalesce(sum(r.allocations) filter (where r.status = 'ACTIVE'), 0)::int as allocations,
        coalesce(sum(r.synthetic) filter (where r.status = 'ACTIVE'), 0)::int as synthetic_allocations,
        coalesce(sum(r.allocations) filter (where r.status = 'CANCELLED'), 0)::int as cancelled_allocations
      from finance.allocation_rollup r
      join ${UNIT_MAP} on unit.commune_code = r.commune_code
      where r.year in (${inList([...new Set(keys.map((k) => k.year))])}) and ${requestedUnitsFilter(keys)}
      group by r.year, ${UNIT_ROLLUP.groupingSets}, grouping sets ((r.source_code), (r.item), ())
    ) sums
    where ${requestedUnitPairs(keys)}
    order by level, code, year, dimension, approved::bigint desc, source_code, item
  `;
}

const EMPTY_SUMMARY = (year: number): FundingSummary => ({
  year, approved: '0', disbursed: '0', settled: '0', disbursementRate: null, allocationCount: 0, syntheticAllocations: 0,
  cancelledAllocations: 0, bySource: [], byItem: [],
});

/** Request-scoped: every unit of every level and year asked in one request shares one statement. */
function createFundingSummaryLoader(database: Database) {
  return batchedLoader<SummaryKey, FundingSummary>({
    cacheKey: keyOf,
    batchOf: () => 'all',
    fallback: (k) => EMPTY_SUMMARY(k.year),
    async fetch(keys) {
      const rows = await database.rows<SummaryRow>(fundingSummarySql(keys));
      const found = new Map<string, FundingSummary>();
      for (const row of rows) {
        const key = keyOf(row);
        const summary = found.get(key) ?? EMPTY_SUMMARY(row.year);
        found.set(key, summary);
        const sums = { approved: row.approved, disbursed: row.disbursed, settled: row.settled };
        if (row.dimension === 'TOTAL') {
          Object.assign(summary, sums, {
            disbursementRate: row.disbursement_rate, allocationCount: row.allocations,
            syntheticAllocations: row.synthetic_allocations, cancelledAllocations: row.cancelled_allocations,
          });
        } else if (row.allocations > 0 && row.dimension === 'SOURCE') summary.bySource.push({ sourceCode: row.source_code!, ...sums });
        else if (row.allocations > 0) summary.byItem.push({ item: row.item!, ...sums });
      }
      return found;
    },
  });
}

/** What a ModelFunding's resolvers receive: the model, and DOLISA's facts for its flags (null without them). */
export interface ModelFundingParent {
  modelId: string;
  facts: ModelFacts | null;
}

export interface ModelSums {
  approved: string;
  disbursed: string;
  settled: string;
  bySource: SourceFunding[];
}

interface ModelSumsRow extends Record<string, unknown> {
  model_id: string;
  /** Null on the model's total row. */
  source_code: string | null;
  approved: string;
  disbursed: string;
  settled: string;
}

const NO_FUNDING = (): ModelSums => ({ approved: '0', disbursed: '0', settled: '0', bySource: [] });

/**
 * Request-scoped: one statement for every model in a request, from the model rollup (active allocations).
 * Per-source sums and model totals come from the same grouping sets, so nothing is added up in JavaScript.
 */
function createModelSumsLoader(database: Database) {
  return groupLoader<string, ModelSumsRow>(
    (modelIds) => database.rows<ModelSumsRow>(sql`
      select m.model_id,
        case when grouping(m.source_code) = 0 then m.source_code end as source_code,
        sum(m.approved)::text as approved,
        sum(m.disbursed)::text as disbursed,
        sum(m.settled)::text as settled
      from finance.model_rollup m
      where m.model_id in (${inList(modelIds)})
      group by m.model_id, grouping sets ((m.source_code), ())
      having sum(m.allocations) > 0
      order by m.model_id, sum(m.approved) desc, m.source_code
    `),
    (row) => row.model_id,
  );
}

/** Model sums from its rows: the total row, then one per source. */
export function modelSums(rows: readonly ModelSumsRow[]): ModelSums {
  const funding = NO_FUNDING();
  for (const row of rows) {
    const sums = { approved: row.approved, disbursed: row.disbursed, settled: row.settled };
    if (row.source_code === null) Object.assign(funding, sums);
    else funding.bySource.push({ sourceCode: row.source_code, ...sums });
  }
  return funding;
}

/** Unit summaries and model funding, one statement per kind and request. */
export function createFundingLoaders(database: Database) {
  return { fundingSummary: createFundingSummaryLoader(database), modelSums: createModelSumsLoader(database) };
}
