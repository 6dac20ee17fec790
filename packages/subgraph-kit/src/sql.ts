import { sql, type SQL } from 'drizzle-orm';
import { UNIT_MAP_SQL, type UnitLevel } from '@ntg/admin-units';

/**
 * The commune -> district -> province map as an inline table `unit(commune_code, district_code, province_code)`,
 * so a subgraph rolls its commune figures up in SQL without copying reference data into its tables.
 */
export const UNIT_MAP: SQL = sql.raw(UNIT_MAP_SQL);

/** The UNIT_MAP column holding the code of a unit of this level. */
export function unitColumn(level: UnitLevel): SQL {
  return sql.raw(level === 'COMMUNE' ? 'unit.commune_code' : level === 'DISTRICT' ? 'unit.district_code' : 'unit.province_code');
}

/** `a, b, c` as bound parameters, for `x in (${inList(values)})`. */
export function inList(values: readonly (string | number)[]): SQL {
  return sql.join(values.map((v) => sql`${v}`), sql`, `);
}

/**
 * The three unit levels of one GROUP BY over rows joined to UNIT_MAP: select `${UNIT_ROLLUP.level}` and
 * `${UNIT_ROLLUP.code}`, and `group by <other keys>, ${UNIT_ROLLUP.groupingSets}`. Each unit's row then holds the
 * sums over its communes, computed by the database in one pass.
 */
export const UNIT_ROLLUP = {
  level: sql.raw(`case when grouping(unit.commune_code) = 0 then 'COMMUNE' when grouping(unit.district_code) = 0 then 'DISTRICT' else 'PROVINCE' end`),
  code: sql.raw('coalesce(unit.commune_code, unit.district_code, unit.province_code)'),
  groupingSets: sql.raw('grouping sets ((unit.province_code, unit.district_code, unit.commune_code), (unit.province_code, unit.district_code), (unit.province_code))'),
} as const;

/**
 * Rows of the requested units' communes only, whatever level each was asked at: with UNIT_ROLLUP's grouping
 * sets, a request about one commune reads one commune's rollup rows, not the province's.
 */
export function requestedUnitsFilter(keys: readonly { level: UnitLevel; code: string }[]): SQL {
  const codesAt = (level: UnitLevel) => [...new Set(keys.filter((k) => k.level === level).map((k) => k.code))];
  const parts = (['COMMUNE', 'DISTRICT', 'PROVINCE'] as const)
    .map((level) => ({ level, codes: codesAt(level) }))
    .filter((p) => p.codes.length > 0)
    .map((p) => sql`${unitColumn(p.level)} in (${inList(p.codes)})`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Keeps the (level, code) pairs asked for out of a grouping-sets result. */
export function requestedUnitPairs(keys: readonly { level: UnitLevel; code: string }[]): SQL {
  const pairs = [...new Set(keys.map((k) => `${k.level}|${k.code}`))].map((p) => p.split('|'));
  return sql`(level, code) in (${sql.join(pairs.map(([level, code]) => sql`(${level}, ${code})`), sql`, `)})`;
}
