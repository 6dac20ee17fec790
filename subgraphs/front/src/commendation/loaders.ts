import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader } from '@ntg/subgraph-kit';
import { commendations } from '../db/schema';
import { codesWithin } from '../units';

export type CommendationRow = typeof commendations.$inferSelect;

/** A year's commendations in an area (where each counts: its commune, else the committee's unit), oldest first. */
export function selectCommendations(database: Database, areaCode: string, year: number) {
  return database.db.select().from(commendations).where(and(
    inArray(commendations.placeCode, codesWithin(areaCode)),
    sql`${commendations.awardedOn} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`,
  )).orderBy(asc(commendations.awardedOn), asc(commendations.id));
}

export function createCommendationLoaders(database: Database) {
  const { db } = database;
  return {
    commendation: rowLoader<string, CommendationRow>((ids) => db.select().from(commendations).where(inArray(commendations.id, [...ids])), (r) => r.id),
    modelCommendations: groupLoader<string, CommendationRow>(
      (ids) => db.select().from(commendations).where(inArray(commendations.modelId, [...ids])).orderBy(asc(commendations.awardedOn), asc(commendations.id)),
      (r) => r.modelId ?? '',
    ),
  };
}
