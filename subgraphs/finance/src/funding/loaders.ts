import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { inList, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';

export interface SummaryKey {
  level: UnitLevel;
  code: string;
  year: number;
}

/** Sums arrive as bigint text and leave through the Vnd scalar, so no total is ever rounded. */
export interface FundingSummary {
  year: number;
  approved: string;
  disbursed: string;
  settled: string;
  disbursementRate: number | null;
  allocationCount: number;
  syntheticAllocations: number;
}

interface SummaryRow extends Record<string, unknown> {
  level: UnitLevel;
  code: string;
  year: number;
  approved: string;
  disbursed: string;
  settled: string;
  disbursement_rate: number | null;
  allocations: number;
  synthetic_allocations: number;
}


const keyOf = (k: SummaryKey) => `${k.level}|${k.code}|${k.year}`;

/** One statement answers every unit of every level for all requested years (grouping sets). */
async function loadSummaries(database: Database, years: readonly number[]): Promise<SummaryRow[]> {
  return database.rows<SummaryRow>(sql`
    select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, a.year,
      sum(a.approved)::text as approved,
      sum(a.disbursed)::text as disbursed,
      sum(a.settled)::text as settled,
      (sum(a.disbursed)::float8 / nullif(sum(a.approved), 0)::float8) as disbursement_rate,
      count(*)::int as allocations,
      (count(*) filter (where a.synthetic))::int as synthetic_allocations
    from finance.allocations a
    join ${UNIT_MAP} on unit.commune_code = a.commune_code
    where a.year in (${inList([...new Set(years)])})
    group by a.year, ${UNIT_ROLLUP.groupingSets}
  `);
}

const EMPTY_SUMMARY = (year: number): FundingSummary => ({
  year, approved: '0', disbursed: '0', settled: '0', disbursementRate: null, allocationCount: 0, syntheticAllocations: 0,
});

/** Request-scoped: every unit of every level and year asked in one request shares one statement. */
function createFundingSummaryLoader(database: Database): DataLoader<SummaryKey, FundingSummary, string> {
  return new DataLoader<SummaryKey, FundingSummary, string>(
    async (keys) => {
      const rows = await loadSummaries(database, keys.map((k) => k.year));
      const found = new Map<string, FundingSummary>();
      for (const row of rows) {
        found.set(keyOf(row), {
          year: row.year,
          approved: row.approved,
          disbursed: row.disbursed,
          settled: row.settled,
          disbursementRate: row.disbursement_rate,
          allocationCount: row.allocations,
          syntheticAllocations: row.synthetic_allocations,
        });
      }
      return keys.map((k) => found.get(keyOf(k)) ?? EMPTY_SUMMARY(k.year));
    },
    { cacheKeyFn: keyOf },
  );
}

export interface SourceFunding {
  sourceCode: string;
  approved: string;
  disbursed: string;
  settled: string;
}

export interface ModelFunding {
  approved: string;
  disbursed: string;
  settled: string;
  bySource: SourceFunding[];
}

interface FundingRow extends Record<string, unknown> {
  model_id: string;
  /** Null on the model's total row. */
  source_code: string | null;
  approved: string;
  disbursed: string;
  settled: string;
}

const NO_FUNDING = (): ModelFunding => ({ approved: '0', disbursed: '0', settled: '0', bySource: [] });

/**
 * Request-scoped: one statement for every model in a request. Per-source sums and model totals come from the
 * same grouping sets, so nothing is added up in JavaScript.
 */
function createModelFundingLoader(database: Database): DataLoader<string, ModelFunding> {
  return new DataLoader<string, ModelFunding>(async (modelIds) => {
    const rows = await database.rows<FundingRow>(sql`
      select a.model_id,
        case when grouping(a.source_code) = 0 then a.source_code end as source_code,
        sum(a.approved)::text as approved,
        sum(a.disbursed)::text as disbursed,
        sum(a.settled)::text as settled
      from finance.allocations a
      where a.model_id in (${inList(modelIds)})
      group by a.model_id, grouping sets ((a.source_code), ())
      order by a.model_id, sum(a.approved) desc, a.source_code
    `);
    const byModel = new Map<string, ModelFunding>();
    for (const row of rows) {
      let funding = byModel.get(row.model_id);
      if (!funding) byModel.set(row.model_id, (funding = NO_FUNDING()));
      const sums = { approved: row.approved, disbursed: row.disbursed, settled: row.settled };
      if (row.source_code === null) Object.assign(funding, sums);
      else funding.bySource.push({ sourceCode: row.source_code, ...sums });
    }
    return modelIds.map((id) => byModel.get(id) ?? NO_FUNDING());
  });
}

/** Unit summaries and model funding, one statement per kind and request. */
export function createFundingLoaders(database: Database) {
  return { fundingSummary: createFundingSummaryLoader(database), modelFunding: createModelFundingLoader(database) };
}
