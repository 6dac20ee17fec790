import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import type { EthnicArea } from '../generated/types';

/** A commune on a date: the classification asked for is the one in force that day. */
export interface EthnicAreaKey {
  communeCode: string;
  on: string;
}

const areaKey = (k: EthnicAreaKey) => `${k.communeCode}|${k.on}`;

/**
 * The area class of many (commune, date) pairs in one statement: the pairs travel as an inline VALUES list
 * joined to the dated classifications, so any mix of communes and dates costs one round trip.
 */
export function createEthnicAreaLoaders(database: Database) {
  return {
    ethnicArea: new DataLoader<EthnicAreaKey, EthnicArea, string>(
      async (keys) => {
        const pairs = sql.join(keys.map((k) => sql`(${k.communeCode}::text, ${k.on}::date)`), sql`, `);
        const rows = await database.rows<{ commune_code: string; on_date: string; region: EthnicArea }>(sql`
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
    ),
  };
}
