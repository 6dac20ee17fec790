import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { groupBy, groupLoader, inList, rowLoader, UNIT_MAP, unitColumn, type Connection } from '@ntg/subgraph-kit';
import { householdVersions, households, modelParticipants } from '../db/schema';
import type { PovertyClass } from '../poverty/classify';

export type HouseholdRow = typeof households.$inferSelect;
export type HouseholdVersionRow = typeof householdVersions.$inferSelect;

/** What HouseholdConnection resolves from: a page, and the key its totalCount is counted by (only when asked). */
export interface HouseholdPage extends Connection<HouseholdRow> {
  countKey: Omit<HouseholdPageKey, 'limit' | 'afterId'>;
}

export interface HouseholdPageKey {
  level: UnitLevel;
  code: string;
  year: number | null;
  classification: PovertyClass | null;
  /** Rows to fetch: the page size plus one, to know whether another page follows. */
  limit: number;
  afterId: string | null;
}

const pageGroup = (k: HouseholdPageKey) => `${k.level}|${k.year}|${k.classification}|${k.limit}|${k.afterId}`;
const pageKey = (k: HouseholdPageKey) => `${pageGroup(k)}|${k.code}`;

/**
 * Households of units: on the registry now (not dissolved), or as reviewed in a year, where they lived then,
 * optionally of one class (classification needs a year; the resolver checks).
 */
function householdsInUnits(level: UnitLevel, codes: readonly string[], year: number | null, classification: PovertyClass | null, afterId: string | null) {
  const unit = unitColumn(level);
  const after = afterId ? sql`and h.id > ${afterId}` : sql``;
  if (year === null) {
    return sql`select ${unit} as unit_code, h.* from dolisa.households h join ${UNIT_MAP} on unit.commune_code = h.commune_code
      where h.dissolved_on is null and ${unit} in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) ${after}`;
  }
  const cls = classification ? sql`and a.classification = ${classification}` : sql``;
  return sql`select ${unit} as unit_code, h.* from dolisa.poverty_assessments a join dolisa.households h on h.id = a.household_id
    join ${UNIT_MAP} on unit.commune_code = a.commune_code
    where a.is_current and a.year = ${year} and ${unit} in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) ${after} ${cls}`;
}

interface RawHousehold extends Record<string, unknown> {
  unit_code: string;
  id: string;
  commune_code: string;
  member_count: number;
  head_ethnic_group: string;
  head_name: string;
  head_id_number: string | null;
  registered_on: string;
  dissolved_on: string | null;
  synthetic: boolean;
  version: number;
  updated_at: string | Date;
}

function toHousehold(r: RawHousehold): HouseholdRow {
  const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | null));
  return {
    id: r.id, communeCode: r.commune_code, memberCount: r.member_count, headEthnicGroup: r.head_ethnic_group,
    headName: r.head_name, headIdNumber: r.head_id_number, registeredOn: date(r.registered_on)!, dissolvedOn: date(r.dissolved_on),
    synthetic: r.synthetic, version: r.version, updatedAt: new Date(r.updated_at as string),
  };
}

export function createHouseholdLoaders(database: Database) {
  const { db } = database;
  return {
    householdById: rowLoader<string, HouseholdRow>((ids) => db.select().from(households).where(inArray(households.id, [...ids])), (r) => r.id),
    history: groupLoader<string, HouseholdVersionRow>(
      (ids) => db.select().from(householdVersions).where(inArray(householdVersions.householdId, [...ids])).orderBy(asc(householdVersions.version)),
      (r) => r.householdId,
    ),
    participationsOfHousehold: groupLoader<string, typeof modelParticipants.$inferSelect>(
      (ids) => db.select().from(modelParticipants).where(inArray(modelParticipants.householdId, [...ids])).orderBy(asc(modelParticipants.enrolledOn)),
      (r) => r.householdId,
    ),
    /** One page per unit; units asking for the same page shape share one windowed statement. */
    householdPage: new DataLoader<HouseholdPageKey, HouseholdRow[], string>(async (keys) => {
      const groups = groupBy(keys, pageGroup);
      const found = new Map<string, HouseholdRow[]>();
      await Promise.all([...groups.values()].map(async (group) => {
        const s = group[0]!;
        const listed = householdsInUnits(s.level, group.map((k) => k.code), s.year, s.classification, s.afterId);
        // One unit: a plain keyset page the id index serves; several: a window numbers each unit's rows.
        const rows = await database.rows<RawHousehold>(group.length === 1
          ? sql`select * from (${listed}) listed order by id limit ${s.limit}`
          : sql`select * from (
              select listed.*, row_number() over (partition by listed.unit_code order by listed.id) as rn from (${listed}) listed
            ) ranked where rn <= ${s.limit} order by unit_code, id`);
        for (const row of rows) {
          const key = pageKey({ ...s, code: row.unit_code });
          found.set(key, [...(found.get(key) ?? []), toHousehold(row)]);
        }
      }));
      return keys.map((k) => found.get(pageKey(k)) ?? []);
    }, { cacheKeyFn: pageKey }),
    /**
     * Total matching households per unit, only when a client asks for totalCount: from the rollups (the registry
     * count per commune, or the reviews of a year per class), so a count costs the unit's rollup rows.
     */
    householdCount: new DataLoader<Omit<HouseholdPageKey, 'limit' | 'afterId'>, number, string>(async (keys) => {
      const groupOf = (k: Omit<HouseholdPageKey, 'limit' | 'afterId'>) => `${k.level}|${k.year}|${k.classification}`;
      const found = new Map<string, number>();
      await Promise.all([...groupBy(keys, groupOf).values()].map(async (group) => {
        const s = group[0]!;
        const unit = unitColumn(s.level);
        const codes = inList(group.map((k) => k.code));
        const rows = await database.rows<{ unit_code: string; n: number }>(s.year === null
          ? sql`select ${unit} as unit_code, sum(r.households)::int as n from dolisa.registry_rollup r
              join ${UNIT_MAP} on unit.commune_code = r.commune_code where ${unit} in (${codes}) group by 1`
          : sql`select ${unit} as unit_code, sum(r.households)::int as n from dolisa.poverty_rollup r
              join ${UNIT_MAP} on unit.commune_code = r.commune_code
              where r.year = ${s.year} and ${unit} in (${codes}) ${s.classification ? sql`and r.classification = ${s.classification}` : sql``}
              group by 1`);
        for (const row of rows) found.set(`${groupOf(s)}|${row.unit_code}`, row.n);
      }));
      return keys.map((k) => found.get(`${groupOf(k)}|${k.code}`) ?? 0);
    }, { cacheKeyFn: (k) => `${k.level}|${k.year}|${k.classification}|${k.code}` }),
  };
}
