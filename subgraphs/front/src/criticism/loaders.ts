import { and, asc, count, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader, type Connection } from '@ntg/subgraph-kit';
import { criticismOpinions, socialCriticisms } from '../db/schema';
import { codesWithin } from '../units';

export type SocialCriticismRow = typeof socialCriticisms.$inferSelect;
export type OpinionRow = typeof criticismOpinions.$inferSelect;

/** An area's sessions: those held by its committees or on its communes' models, of one year or all. */
export interface CriticismFilter {
  areaCode: string;
  year: number | null;
}

/** A page of sessions, and the filter its totalCount counts by (only when asked). */
export interface SocialCriticismPage extends Connection<SocialCriticismRow> {
  filter: CriticismFilter;
}

function filterSql(filter: CriticismFilter): SQL {
  const conditions = [inArray(socialCriticisms.placeCode, codesWithin(filter.areaCode))];
  if (filter.year !== null) {
    conditions.push(sql`${socialCriticisms.heldOn} >= ${`${filter.year}-01-01`}::date`, sql`${socialCriticisms.heldOn} <= ${`${filter.year}-12-31`}::date`);
  }
  return and(...conditions)!;
}

/** Newest first; cursor (date, id). The index on (place_code, held_on, id) serves both the page and the count. */
export function selectCriticismPage(database: Database, filter: CriticismFilter, after: [string, string] | null, limit: number) {
  const conditions = [filterSql(filter)];
  if (after) {
    const [heldOn, id] = after;
    conditions.push(or(sql`${socialCriticisms.heldOn} < ${heldOn}::date`, and(eq(socialCriticisms.heldOn, heldOn), lt(socialCriticisms.id, id)))!);
  }
  return database.db.select().from(socialCriticisms).where(and(...conditions))
    .orderBy(desc(socialCriticisms.heldOn), desc(socialCriticisms.id)).limit(limit);
}

/** Sessions are few (dozens a year across the province): an indexed count of the area's and year's rows. */
export async function countCriticisms(database: Database, filter: CriticismFilter): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(socialCriticisms).where(filterSql(filter));
  return row?.n ?? 0;
}

export function createCriticismLoaders(database: Database) {
  const { db } = database;
  return {
    socialCriticism: rowLoader<string, SocialCriticismRow>((ids) => db.select().from(socialCriticisms).where(inArray(socialCriticisms.id, [...ids])), (r) => r.id),
    criticismOpinions: groupLoader<string, OpinionRow>(
      (ids) => db.select().from(criticismOpinions).where(inArray(criticismOpinions.criticismId, [...ids])).orderBy(asc(criticismOpinions.position)),
      (r) => r.criticismId,
    ),
  };
}
