import { sql, type SQL } from 'drizzle-orm';
import { UNIT_MAP_SQL, type UnitLevel } from '@ntg/admin-units';

/** The commune -> district -> province map as an inline table, for rollups in SQL. */
export const UNIT_MAP: SQL = sql.raw(UNIT_MAP_SQL);

/** The UNIT_MAP column holding the code of a unit of this level. */
export function unitColumn(level: UnitLevel): SQL {
  return sql.raw(level === 'COMMUNE' ? 'unit.commune_code' : level === 'DISTRICT' ? 'unit.district_code' : 'unit.province_code');
}

export function inList(values: readonly (string | number)[]): SQL {
  return sql.join(values.map((v) => sql`${v}`), sql`, `);
}
