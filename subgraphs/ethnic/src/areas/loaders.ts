import DataLoader from 'dataloader';
import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Database, type Db } from '@ntg/db';
import { groupLoader } from '@ntg/subgraph-kit';
import { ethnicAreaHistory } from '../db/schema';
import type { EthnicArea } from '../generated/types';

/** One decision of a commune's history, with the end of its validity derived from the next decision. */
export interface EthnicAreaClassificationRow {
  communeCode: string;
  area: EthnicArea;
  decision: string;
  effectiveOn: string;
  /** The day before the commune's next decision takes effect; null for its latest decision. */
  validUntil: string | null;
  /** ISO 8601 timestamp (UTC). */
  recordedAt: string;
  recordedBy: string | null;
}

/** A commune on a date: the classification asked for is the one in force that day. */
export interface EthnicAreaKey {
  communeCode: string;
  on: string;
}

const areaKey = (k: EthnicAreaKey) => `${k.communeCode}|${k.on}`;

/**
 * The history of the given communes, oldest first. `valid_until` is the next decision's date minus a day, so the
 * rows themselves are never updated.
 */
export function historySql(communeCodes: readonly string[]) {
  return sql`
    select commune_code as "communeCode", area, decision, to_char(effective_on, 'YYYY-MM-DD') as "effectiveOn",
      to_char(lead(effective_on) over (partition by commune_code order by effective_on) - 1, 'YYYY-MM-DD') as "validUntil",
      to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "recordedAt", recorded_by as "recordedBy"
    from ${ethnicAreaHistory}
    where ${inArray(ethnicAreaHistory.communeCode, [...communeCodes])}
    order by commune_code, effective_on`;
}

/** The commune's latest decision (the one a new decision follows), for a write inside its transaction. */
export async function latestDecision(tx: Db, communeCode: string): Promise<EthnicAreaClassificationRow | undefined> {
  return (await queryRows<EthnicAreaClassificationRow & Record<string, unknown>>(tx, historySql([communeCode]))).at(-1);
}

/**
 * The area class of many (commune, date) pairs in one statement: the pairs travel as an inline VALUES list, and
 * each takes the commune's latest decision effective on or before its date (an index range on the primary key),
 * so any mix of communes and dates costs one round trip. No decision yet means NONE.
 */
export function createEthnicAreaLoaders(database: Database) {
  return {
    ethnicArea: new DataLoader<EthnicAreaKey, EthnicArea, string>(
      async (keys) => {
        const pairs = sql.join(keys.map((k) => sql`(${k.communeCode}::text, ${k.on}::date)`), sql`, `);
        const rows = await database.rows<{ commune_code: string; on_date: string; area: EthnicArea }>(sql`
          select k.commune_code, to_char(k.on_date, 'YYYY-MM-DD') as on_date, h.area
          from (values ${pairs}) as k(commune_code, on_date)
          join lateral (
            select area from ethnic.ethnic_area_history h
            where h.commune_code = k.commune_code and h.effective_on <= k.on_date
            order by h.effective_on desc limit 1
          ) h on true
        `);
        const found = new Map(rows.map((r) => [`${r.commune_code}|${r.on_date}`, r.area]));
        return keys.map((k) => found.get(areaKey(k)) ?? 'NONE');
      },
      { cacheKeyFn: areaKey },
    ),
    ethnicAreaHistory: groupLoader<string, EthnicAreaClassificationRow>(
      (codes) => database.rows<EthnicAreaClassificationRow & Record<string, unknown>>(historySql(codes)),
      (row) => row.communeCode,
    ),
  };
}
