import DataLoader from 'dataloader';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AreaType, UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { MINORITY_GROUP_CODES } from '@ntg/ethnic-groups';
import { batchedLoader, groupBy, groupLoader, inList, requestedUnitPairs, requestedUnitsFilter, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';
import { povertyAssessments, povertyStandards } from '../db/schema';
import type { PovertyClass } from '../generated/types';

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

function filterKey(key: Pick<StatsKey, 'areaType' | 'minority'>): string {
  return `${key.areaType ?? '*'}|${key.minority ?? '*'}`;
}

const MINORITY_CODES = sql.raw(`(${MINORITY_GROUP_CODES.map((c) => `'${c}'`).join(', ')})`);

/**
 * One statement answers every requested unit of every level for all requested years, from the rollup (rows of
 * the requested units' communes only: one commune costs one commune's rows), with the year-on-year change from a
 * window function; the requested years' predecessors are fetched alongside. Minorities are counted by the Ethnic
 * Committee's reference list.
 */
export function povertyStatsSql(keys: readonly StatsKey[], areaType: AreaType | null, minority: boolean | null): SQL {
  const wanted = [...new Set(keys.flatMap((k) => [k.year, k.year - 1]))];
  const areaFilter = areaType ? sql`and r.area_type = ${areaType}` : sql``;
  const minorityFilter = minority === null ? sql`` : minority ? sql`and r.head_ethnic_group in ${MINORITY_CODES}` : sql`and r.head_ethnic_group not in ${MINORITY_CODES}`;
  return sql`
    with counts as (
      select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year,
        sum(r.households)::int as households,
        (coalesce(sum(r.households) filter (where r.classification = 'POOR'), 0))::int as poor,
        (coalesce(sum(r.households) filter (where r.classification = 'NEAR_POOR'), 0))::int as near_poor,
        (coalesce(sum(r.households) filter (where r.head_ethnic_group in ${MINORITY_CODES}), 0))::int as minority_households,
        (coalesce(sum(r.households) filter (where r.head_ethnic_group in ${MINORITY_CODES} and r.classification = 'POOR'), 0))::int as minority_poor,
        sum(r.synthetic)::int as synthetic_households
      from dolisa.poverty_rollup r
      join ${UNIT_MAP} on unit.commune_code = r.commune_code
      where r.year in (${inList(wanted)}) and ${requestedUnitsFilter(keys)} ${areaFilter} ${minorityFilter}
      group by r.year, ${UNIT_ROLLUP.groupingSets}
    ), rated as (
      select *, poor::float8 / nullif(households, 0) as poor_rate, near_poor::float8 / nullif(households, 0) as near_poor_rate
      from counts where ${requestedUnitPairs(keys)}
    )
    select level, code, year, households, poor, near_poor, minority_households, minority_poor, synthetic_households, poor_rate, near_poor_rate,
      case when lag(year) over w = year - 1 then round(((poor_rate - lag(poor_rate) over w) * 100)::numeric, 4)::float8 end as poor_rate_change_pp
    from rated
    window w as (partition by level, code order by year)
  `;
}

const EMPTY = (year: number): PovertyStats => ({
  year, households: 0, poor: 0, nearPoor: 0, poorRate: null, nearPoorRate: null, poorRateChangePp: null,
  minorityHouseholds: 0, minorityPoor: 0, syntheticHouseholds: 0,
});

const statsKey = (k: StatsKey) => `${filterKey(k)}|${k.level}|${k.code}|${k.year}`;

/** Request-scoped: keys of one filter combination share one statement however many units ask. */
function createPovertyStatsLoader(database: Database) {
  return batchedLoader<StatsKey, PovertyStats>({
    cacheKey: statsKey,
    batchOf: filterKey,
    fallback: (k) => EMPTY(k.year),
    async fetch(keys) {
      const sample = keys[0]!;
      const rows = await database.rows<StatsRow>(povertyStatsSql(keys, sample.areaType ?? null, sample.minority ?? null));
      return new Map(rows.map((row) => [statsKey({ ...sample, level: row.level, code: row.code, year: row.year }), {
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
      }]));
    },
  });
}

/** Households counted per year, head's ethnic group and class in a unit (all years): for the Ethnic Committee. */
export interface EthnicGroupCount extends Record<string, unknown> {
  year: number;
  ethnicGroupCode: string;
  classification: PovertyClass;
  households: number;
}

const unitKey = (k: { level: UnitLevel; code: string }) => `${k.level}|${k.code}`;

/** Every requested unit's counts by ethnic group, from the rollup, in one statement. */
function createEthnicGroupCountsLoader(database: Database) {
  return batchedLoader<{ level: UnitLevel; code: string }, EthnicGroupCount[]>({
    cacheKey: unitKey,
    batchOf: () => 'all',
    fallback: () => [],
    async fetch(keys) {
      const rows = await database.rows<EthnicGroupCount & { level: UnitLevel; code: string }>(sql`
        select level, code, year, ethnic_group_code as "ethnicGroupCode", classification, households from (
          select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year, r.head_ethnic_group as ethnic_group_code, r.classification,
            sum(r.households)::int as households
          from dolisa.poverty_rollup r join ${UNIT_MAP} on unit.commune_code = r.commune_code
          where ${requestedUnitsFilter(keys)}
          group by r.year, r.head_ethnic_group, r.classification, ${UNIT_ROLLUP.groupingSets}
        ) counts
        where ${requestedUnitPairs(keys)} and households > 0
        order by level, code, year, ethnic_group_code, classification`);
      const grouped = groupBy(rows, unitKey);
      return new Map([...grouped].map(([key, list]) => [key, list.map(({ level: _l, code: _c, ...count }) => count)]));
    },
  });
}

/** Reviews of households, the dated standards and the unit statistics: one statement per kind and request. */
export function createPovertyLoaders(database: Database) {
  const { db } = database;
  return {
    povertyStats: createPovertyStatsLoader(database),
    ethnicGroupCounts: createEthnicGroupCountsLoader(database),
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
