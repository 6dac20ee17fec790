import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { ethnicGroups } from './db/schema';

export interface EthnicGroupRow {
  code: string;
  name: string;
  isMinority: boolean;
}

export type Region = 'REGION_I' | 'REGION_II' | 'REGION_III';
export type EthnicArea = Region | 'NONE';

/** A commune on a date: the classification asked for is the one in force that day. */
export interface EthnicAreaKey {
  communeCode: string;
  on: string;
}

const areaKey = (k: EthnicAreaKey) => `${k.communeCode}|${k.on}`;

/** Ethnic groups by GSO code, one statement for any number of codes; unknown codes give null. */
export function createEthnicGroupLoader(database: Database): DataLoader<string, EthnicGroupRow | null> {
  return new DataLoader<string, EthnicGroupRow | null>(async (codes) => {
    const rows = await database.db
      .select()
      .from(ethnicGroups)
      .where(inArray(ethnicGroups.code, [...codes]))
      .orderBy(asc(ethnicGroups.code));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => byCode.get(c) ?? null);
  });
}

/**
 * The area class of many (commune, date) pairs in one statement: the pairs travel as an inline VALUES list
 * joined to the dated classifications, so any mix of communes and dates costs one round trip.
 */
export function createEthnicAreaLoader(database: Database): DataLoader<EthnicAreaKey, EthnicArea, string> {
  return new DataLoader<EthnicAreaKey, EthnicArea, string>(
    async (keys) => {
      const pairs = sql.join(keys.map((k) => sql`(${k.communeCode}::text, ${k.on}::date)`), sql`, `);
      const rows = await database.rows<{ commune_code: string; on_date: string; region: Region }>(sql`
        select k.commune_code, to_char(k.on_date, 'YYYY-MM-DD') as on_date, c.region
        from (values ${pairs}) as k(commune_code, on_date)
        join ethnic.ethnic_area_classifications c
          on c.commune_code = k.commune_code
         and c.valid_from <= k.on_date
         and (c.valid_until is null or k.on_date <= c.valid_until)
      `);
      const found = new Map(rows.map((r) => [`${r.commune_code}|${r.on_date}`, r.region]));
      return keys.map((k) => found.get(areaKey(k)) ?? 'NONE');
    },
    { cacheKeyFn: areaKey },
  );
}
