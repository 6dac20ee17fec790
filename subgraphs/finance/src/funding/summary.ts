import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import { UNIT_MAP_SQL, type UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';

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

const UNIT_MAP = sql.raw(UNIT_MAP_SQL);

const keyOf = (k: SummaryKey) => `${k.level}|${k.code}|${k.year}`;

/** One statement answers every unit of every level for all requested years (grouping sets). */
async function loadSummaries(database: Database, years: readonly number[]): Promise<SummaryRow[]> {
  return database.rows<SummaryRow>(sql`
    select
      case when grouping(unit.commune_code) = 0 then 'COMMUNE' when grouping(unit.district_code) = 0 then 'DISTRICT' else 'PROVINCE' end as level,
      coalesce(unit.commune_code, unit.district_code, unit.province_code) as code,
      a.year,
      sum(a.approved)::text as approved,
      sum(a.disbursed)::text as disbursed,
      sum(a.settled)::text as settled,
      (sum(a.disbursed)::float8 / nullif(sum(a.approved), 0)::float8) as disbursement_rate,
      count(*)::int as allocations,
      (count(*) filter (where a.synthetic))::int as synthetic_allocations
    from finance.allocations a
    join ${UNIT_MAP} on unit.commune_code = a.commune_code
    where a.year in (${sql.join([...new Set(years)].map((y) => sql`${y}`), sql`, `)})
    group by a.year, grouping sets ((unit.province_code, unit.district_code, unit.commune_code), (unit.province_code, unit.district_code), (unit.province_code))
  `);
}

const EMPTY = (year: number): FundingSummary => ({
  year, approved: '0', disbursed: '0', settled: '0', disbursementRate: null, allocationCount: 0, syntheticAllocations: 0,
});

/** Request-scoped: every unit of every level and year asked in one request shares one statement. */
export function createFundingSummaryLoader(database: Database): DataLoader<SummaryKey, FundingSummary, string> {
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
      return keys.map((k) => found.get(keyOf(k)) ?? EMPTY(k.year));
    },
    { cacheKeyFn: keyOf },
  );
}
