import DataLoader from 'dataloader';
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupBy } from '@ntg/subgraph-kit';
import { recommendations, supervisions } from '../db/schema';
import type { RecommendationStatus, SupervisionLevel } from '../generated/types';

export interface Supervision {
  id: string;
  level: SupervisionLevel;
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
  text: string;
  addressedTo: string;
  dueDate: string;
  status: RecommendationStatus;
  response: string | null;
  respondedOn: string | null;
  synthetic: boolean;
}

/** A commune's supervisions, of one year or (year null) of all years. */
export interface CommuneSupervisionsKey {
  communeCode: string;
  year: number | null;
}

const supervisionColumns = {
  id: supervisions.id,
  level: sql<SupervisionLevel>`${supervisions.level}`,
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
function recommendationColumns(today: string) {
  return {
    id: recommendations.id,
    supervisionId: recommendations.supervisionId,
    text: recommendations.text,
    addressedTo: recommendations.addressedTo,
    dueDate: recommendations.dueDate,
    status: sql<RecommendationStatus>`case when ${recommendations.status} = 'OPEN' and ${recommendations.dueDate} < ${today}::date then 'OVERDUE' else ${recommendations.status} end`,
    response: recommendations.response,
    respondedOn: recommendations.respondedOn,
    synthetic: recommendations.synthetic,
  };
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

  return { supervision, communeSupervisions, modelSupervisions, recommendation, supervisionRecommendations };
}

