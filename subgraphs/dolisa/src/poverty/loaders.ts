import DataLoader from 'dataloader';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AreaType, UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { groupBy, groupLoader, inList, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';
import { povertyAssessments, povertyStandards } from '../db/schema';

export type AssessmentRow = typeof povertyAssessments.$inferSelect;
export type StandardRow = typeof povertyStandards.$inferSelect;

export interface StatsKey {
  level: UnitLevel;
  code: string;
  year: number;
  areaType?: AreaType | null;
  minority?: boolean | null;
}

export interface PovertyStats {
  year: number;
  households: number;
  poor: number;
  nearPoor: number;
  poorRate: number | null;
  nearPoorRate: number | null;
  poorRateChangePp: number | null;
  minorityHouseholds: number;
  minorityPoor: number;
  syntheticHouseholds: number;
}

interface StatsRow extends Record<string, unknown> {
  level: UnitLevel;
  code: string;
  year: number;
  households: number;
  poor: number;
  near_poor: number;
  minority_households: number;
  minority_poor: number;
  synthetic_households: number;
  poor_rate: number | null;
  near_poor_rate: number | null;
  poor_rate_change_pp: number | null;
}

function filterKey(key: StatsKey): string {
  return `${key.areaType ?? '*'}|${key.minority ?? '*'}`;
}

/**
 * One statement answers every unit of every level for all requested years (grouping sets), with the
 * year-on-year change from a window function; the requested years' predecessors are fetched alongside.
 */
async function loadStats(database: Database, years: number[], areaType: AreaType | null, minority: boolean | null): Promise<StatsRow[]> {
  const wanted = [...new Set(years.flatMap((y) => [y, y - 1]))];
  const areaFilter = areaType ? sql`and a.area_type = ${areaType}` : sql``;
  const minorityFilter = minority === null ? sql`` : sql`and a.minority = ${minority}`;
  return database.rows<StatsRow>(sql`
    with counts as (
      select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, a.year,
        count(*)::int as households,
        (count(*) filter (where a.classification = 'POOR'))::int as poor,
        (count(*) filter (where a.classification = 'NEAR_POOR'))::int as near_poor,
        (count(*) filter (where a.minority))::int as minority_households,
        (count(*) filter (where a.minority and a.classification = 'POOR'))::int as minority_poor,
        (count(*) filter (where a.synthetic))::int as synthetic_households
      from dolisa.poverty_assessments a
      join ${UNIT_MAP} on unit.commune_code = a.commune_code
      where a.is_current and a.year in (${inList(wanted)}) ${areaFilter} ${minorityFilter}
      group by a.year, ${UNIT_ROLLUP.groupingSets}
    ), rated as (
      select *, poor::float8 / nullif(households, 0) as poor_rate, near_poor::float8 / nullif(households, 0) as near_poor_rate
      from counts
    )
    select level, code, year, households, poor, near_poor, minority_households, minority_poor, synthetic_households, poor_rate, near_poor_rate,
      case when lag(year) over w = year - 1 then round(((poor_rate - lag(poor_rate) over w) * 100)::numeric, 4)::float8 end as poor_rate_change_pp
    from rated
    window w as (partition by level, code order by year)
  `);
}

const EMPTY = (year: number): PovertyStats => ({
  year, households: 0, poor: 0, nearPoor: 0, poorRate: null, nearPoorRate: null, poorRateChangePp: null,
  minorityHouseholds: 0, minorityPoor: 0, syntheticHouseholds: 0,
});

/** Request-scoped: keys of one filter combination share one statement however many units ask. */
function createPovertyStatsLoader(database: Database): DataLoader<StatsKey, PovertyStats, string> {
  return new DataLoader<StatsKey, PovertyStats, string>(
    async (keys) => {
      const byFilter = groupBy(keys, filterKey);
      const found = new Map<string, PovertyStats>();
      await Promise.all(
        [...byFilter.values()].map(async (group) => {
          const sample = group[0]!;
          const rows = await loadStats(database, group.map((k) => k.year), sample.areaType ?? null, sample.minority ?? null);
          for (const row of rows) {
            found.set(`${filterKey(sample)}|${row.level}|${row.code}|${row.year}`, {
              year: row.year,
              households: row.households,
              poor: row.poor,
              nearPoor: row.near_poor,
              poorRate: row.poor_rate,
              nearPoorRate: row.near_poor_rate,
              poorRateChangePp: row.poor_rate_change_pp,
              minorityHouseholds: row.minority_households,
              minorityPoor: row.minority_poor,
              syntheticHouseholds: row.synthetic_households,
            });
          }
        }),
      );
      return keys.map((k) => found.get(`${filterKey(k)}|${k.level}|${k.code}|${k.year}`) ?? EMPTY(k.year));
    },
    { cacheKeyFn: (k) => `${filterKey(k)}|${k.level}|${k.code}|${k.year}` },
  );
}

/** Reviews of households, the dated standards and the unit statistics: one statement per kind and request. */
export function createPovertyLoaders(database: Database) {
  const { db } = database;
  return {
    povertyStats: createPovertyStatsLoader(database),
    currentAssessments: groupLoader<string, AssessmentRow>(
      (ids) => db.select().from(povertyAssessments)
        .where(and(inArray(povertyAssessments.householdId, [...ids]), eq(povertyAssessments.isCurrent, true)))
        .orderBy(asc(povertyAssessments.year)),
      (r) => r.householdId,
    ),
    allAssessmentVersions: groupLoader<string, AssessmentRow>(
      (ids) => db.select().from(povertyAssessments).where(inArray(povertyAssessments.householdId, [...ids])).orderBy(asc(povertyAssessments.id)),
      (r) => r.householdId,
    ),
    /** The few dated standards, read once per request. */
    standards: new DataLoader<'all', StandardRow[]>(async (keys) => {
      const rows = await db.select().from(povertyStandards).orderBy(asc(povertyStandards.fromYear));
      return keys.map(() => rows);
    }),
  };
}
