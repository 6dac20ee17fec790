import DataLoader from 'dataloader';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { groupBy, groupLoader, unitColumn, UNIT_MAP, type Connection } from '@ntg/subgraph-kit';
import { recommendationEvents, recommendationRollup, recommendations, supervisions, type StoredRecommendationStatus } from '../db/schema';
import type { Department, FrontLevel, RecommendationStatus } from '../generated/types';

export interface Supervision {
  id: string;
  level: FrontLevel;
  date: string;
  subject: string;
  findings: string;
  communeCode: string;
  modelId: string | null;
  synthetic: boolean;
}

export interface Recommendation {
  id: string;
  supervisionId: string;
  communeCode: string;
  text: string;
  addressedTo: string;
  addresseeDepartment: Department;
  addresseeArea: string;
  dueDate: string;
  /** As shown: OVERDUE when stored OPEN and due before the request's today. */
  status: RecommendationStatus;
  response: string | null;
  respondedOn: string | null;
  resolvedOn: string | null;
  resolutionNote: string | null;
  synthetic: boolean;
}

export type RecommendationEventRow = typeof recommendationEvents.$inferSelect;

/** A page of an area's recommendations, and what its totalCount counts (only computed when asked). */
export interface RecommendationPage extends Connection<Recommendation> {
  count: { level: UnitLevel; code: string; status: RecommendationStatus | null };
}

/** A commune's supervisions, of one year or (year null) of all years. */
export interface CommuneSupervisionsKey {
  communeCode: string;
  year: number | null;
}

/** The one rule for the status a reader sees: a stored OPEN past its due date is OVERDUE. */
export function shownStatus(stored: StoredRecommendationStatus, dueDate: string, today: string): RecommendationStatus {
  return stored === 'OPEN' && dueDate < today ? 'OVERDUE' : stored;
}

/** The same rule as a filter over columns holding a stored status and a due date (the table or its rollup). */
export function statusCondition(status: RecommendationStatus, today: string, columns: { status: SQL | typeof recommendations.status; dueDate: SQL | typeof recommendations.dueDate }): SQL {
  switch (status) {
    case 'OVERDUE':
      return and(sql`${columns.status} = 'OPEN'`, sql`${columns.dueDate} < ${today}::date`)!;
    case 'OPEN':
      return and(sql`${columns.status} = 'OPEN'`, sql`${columns.dueDate} >= ${today}::date`)!;
    default:
      return sql`${columns.status} = ${status}`;
  }
}

const supervisionColumns = {
  id: supervisions.id,
  level: supervisions.level,
  date: supervisions.supervisedOn,
  subject: supervisions.subject,
  findings: supervisions.findings,
  communeCode: supervisions.communeCode,
  modelId: supervisions.modelId,
  synthetic: supervisions.synthetic,
};

const supervisionYear = sql<number>`extract(year from ${supervisions.supervisedOn})::int`;

function selectSupervisions(database: Database, where: SQL | undefined) {
  return database.db
    .select({ ...supervisionColumns, year: supervisionYear })
    .from(supervisions)
    .where(where)
    .orderBy(asc(supervisions.supervisedOn), asc(supervisions.id));
}

/** OVERDUE is worked out in the statement itself: stored OPEN and due before the request's today. */
export function recommendationColumns(today: string) {
  return {
    id: recommendations.id,
    supervisionId: recommendations.supervisionId,
    communeCode: recommendations.communeCode,
    text: recommendations.text,
    addressedTo: recommendations.addressedTo,
    addresseeDepartment: recommendations.addresseeDepartment,
    addresseeArea: recommendations.addresseeArea,
    dueDate: recommendations.dueDate,
    status: sql<RecommendationStatus>`case when ${recommendations.status} = 'OPEN' and ${recommendations.dueDate} < ${today}::date then 'OVERDUE' else ${recommendations.status} end`,
    response: recommendations.response,
    respondedOn: recommendations.respondedOn,
    resolvedOn: recommendations.resolvedOn,
    resolutionNote: recommendations.resolutionNote,
    synthetic: recommendations.synthetic,
  };
}

/** A stored row as a reader sees it (services return what they wrote this way). */
export function toRecommendation(row: typeof recommendations.$inferSelect, today: string): Recommendation {
  const { status, ...rest } = row;
  return { ...rest, status: shownStatus(status, row.dueDate, today) };
}

/** Recommendations of the communes inside a unit of any level (through the unit map). */
export function inArea(level: UnitLevel, code: string): SQL {
  return sql`${recommendations.communeCode} in (select unit.commune_code from ${UNIT_MAP} where ${unitColumn(level)} = ${code})`;
}

/** One page of an area's recommendations by due date, optionally of one shown status; cursor (dueDate, id). */
export function selectRecommendationPage(
  database: Database,
  today: string,
  filter: { level: UnitLevel; code: string; status: RecommendationStatus | null; after: [string, string] | null; limit: number },
) {
  const conditions = [inArea(filter.level, filter.code)];
  if (filter.status) conditions.push(statusCondition(filter.status, today, recommendations));
  if (filter.after) {
    const [dueDate, id] = filter.after;
    conditions.push(or(sql`${recommendations.dueDate} > ${dueDate}::date`, and(eq(recommendations.dueDate, dueDate), sql`${recommendations.id} > ${id}`))!);
  }
  return database.db.select(recommendationColumns(today)).from(recommendations).where(and(...conditions))
    .orderBy(asc(recommendations.dueDate), asc(recommendations.id)).limit(filter.limit);
}

/** How many recommendations an area has, of a shown status or all: a sum over rollup rows, never a scan. */
export async function countRecommendations(database: Database, today: string, count: RecommendationPage['count']): Promise<number> {
  const r = recommendationRollup;
  const rows = await database.rows<{ n: string | number | null }>(sql`
    select sum(${r.recommendations})::int as n from ${r}
    where ${r.communeCode} in (select unit.commune_code from ${UNIT_MAP} where ${unitColumn(count.level)} = ${count.code})
      ${count.status ? sql`and ${statusCondition(count.status, today, { status: sql`${r.status}`, dueDate: sql`${r.dueDate}` })}` : sql``}`);
  return Number(rows[0]?.n ?? 0);
}

function withoutYear({ year: _year, ...supervision }: Supervision & { year: number }): Supervision {
  return supervision;
}

const communeKey = (k: CommuneSupervisionsKey) => `${k.communeCode}|${k.year ?? '*'}`;

/** Request-scoped loaders: each answers any number of keys in one statement. */
export function createSupervisionLoaders(database: Database, today: string) {
  const supervision = new DataLoader<string, Supervision | null>(async (ids) => {
    const rows = await selectSupervisions(database, inArray(supervisions.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.id, withoutYear(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /**
   * All requested communes and years in one statement: the year filter is dropped when any key asks for all
   * years, and the rows are then shared out per key.
   */
  const communeSupervisions = new DataLoader<CommuneSupervisionsKey, Supervision[], string>(
    async (keys) => {
      const codes = [...new Set(keys.map((k) => k.communeCode))];
      const years = keys.some((k) => k.year === null) ? null : [...new Set(keys.map((k) => k.year as number))];
      const rows = await selectSupervisions(
        database,
        and(inArray(supervisions.communeCode, codes), years ? inArray(supervisionYear, years) : undefined),
      );
      const byCommune = groupBy(rows, (r) => r.communeCode);
      return keys.map((k) =>
        (byCommune.get(k.communeCode) ?? []).filter((r) => k.year === null || r.year === k.year).map(withoutYear),
      );
    },
    { cacheKeyFn: communeKey },
  );

  const modelSupervisions = new DataLoader<string, Supervision[]>(async (modelIds) => {
    const rows = await selectSupervisions(database, inArray(supervisions.modelId, [...modelIds]));
    const byModel = groupBy(rows, (r) => r.modelId ?? '');
    return modelIds.map((id) => (byModel.get(id) ?? []).map(withoutYear));
  });

  const recommendation = new DataLoader<string, Recommendation | null>(async (ids) => {
    const rows = await database.db
      .select(recommendationColumns(today))
      .from(recommendations)
      .where(inArray(recommendations.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const supervisionRecommendations = new DataLoader<string, Recommendation[]>(async (supervisionIds) => {
    const rows = await database.db
      .select(recommendationColumns(today))
      .from(recommendations)
      .where(inArray(recommendations.supervisionId, [...supervisionIds]))
      .orderBy(asc(recommendations.dueDate), asc(recommendations.id));
    const bySupervision = groupBy(rows, (r) => r.supervisionId);
    return supervisionIds.map((id) => bySupervision.get(id) ?? []);
  });

  const recommendationHistory = groupLoader<string, RecommendationEventRow>(
    (ids) => database.db.select().from(recommendationEvents).where(inArray(recommendationEvents.recommendationId, [...ids]))
      .orderBy(asc(recommendationEvents.id)),
    (r) => r.recommendationId,
  );

  return { supervision, communeSupervisions, modelSupervisions, recommendation, supervisionRecommendations, recommendationHistory };
}
