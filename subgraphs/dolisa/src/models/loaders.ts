import DataLoader from 'dataloader';
import { asc, inArray, sql, type SQL } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { groupBy, groupLoader, inList, rowLoader, UNIT_MAP, unitColumn, type Connection } from '@ntg/subgraph-kit';
import { livelihoodModels, modelBudgetRevisions, modelEvaluations, modelEvents, modelParticipants } from '../db/schema';
import type { LivelihoodModelStatus } from '../generated/types';

export type ModelRow = typeof livelihoodModels.$inferSelect;
export type ParticipationRow = typeof modelParticipants.$inferSelect;
export type EvaluationRow = typeof modelEvaluations.$inferSelect;
export type EventRow = typeof modelEvents.$inferSelect;
export type BudgetRevisionRow = typeof modelBudgetRevisions.$inferSelect;

/** What LivelihoodModelConnection resolves from: a page, and the filter its totalCount counts by (only when asked). */
export interface ModelPage extends Connection<ModelRow> {
  conditions: SQL[];
}

export interface ModelOutcome {
  participants: number;
  poorOrNearPoorAtJoining: number;
  reviewedAfterEnd: number;
  escapedPoverty: number;
  escapedRate: number | null;
}

export interface UnitModelsKey {
  level: UnitLevel;
  code: string;
  status: LivelihoodModelStatus | null;
}

interface OutcomeRow extends Record<string, unknown> {
  model_id: string;
  participants: number;
  eligible: number;
  reviewed: number;
  escaped: number;
}

/**
 * Outcome of many models in one statement. A participant escaped when it was poor or near-poor at joining
 * and its first current review after the model's end date is neither; only completed models have an end.
 */
export function outcomeSql(modelFilter: SQL) {
  return sql`
    select p.model_id,
      (count(*) filter (where p.withdrawn_on is null))::int as participants,
      (count(*) filter (where p.withdrawn_on is null and p.class_at_joining in ('POOR', 'NEAR_POOR')))::int as eligible,
      (count(*) filter (where p.withdrawn_on is null and p.class_at_joining in ('AVERAGE_LIVING', 'ABOVE_AVERAGE')))::int as not_poor,
      (count(*) filter (where p.withdrawn_on is null and p.class_at_joining in ('POOR', 'NEAR_POOR') and after_end.classification is not null))::int as reviewed,
      (count(*) filter (where p.withdrawn_on is null and p.class_at_joining in ('POOR', 'NEAR_POOR') and after_end.classification not in ('POOR', 'NEAR_POOR')))::int as escaped
    from dolisa.model_participants p
    join dolisa.livelihood_models m on m.id = p.model_id
    left join lateral (
      select a.classification from dolisa.poverty_assessments a
      where a.household_id = p.household_id and a.is_current and m.status = 'COMPLETED' and a.assessed_on > m.end_date
      order by a.assessed_on, a.year limit 1
    ) after_end on true
    where ${modelFilter}
    group by p.model_id`;
}

/**
 * Outcomes of the given models as the triggers of migration 0014 keep them in dolisa.model_outcome_rollup
 * (recomputed from outcomeSql's rule by every write that can change them); the read never touches
 * participants or reviews.
 */
export function outcomeRollupSql(ids: readonly string[]) {
  return sql`select model_id, participants, eligible, reviewed, escaped from dolisa.model_outcome_rollup where model_id in (${inList(ids)})`;
}

export function toOutcome(row: OutcomeRow | undefined): ModelOutcome {
  if (!row) return { participants: 0, poorOrNearPoorAtJoining: 0, reviewedAfterEnd: 0, escapedPoverty: 0, escapedRate: null };
  return {
    participants: row.participants,
    poorOrNearPoorAtJoining: row.eligible,
    reviewedAfterEnd: row.reviewed,
    escapedPoverty: row.escaped,
    escapedRate: row.reviewed > 0 ? row.escaped / row.reviewed : null,
  };
}

export function createModelLoaders(database: Database) {
  const { db } = database;
  return {
    modelById: rowLoader<string, ModelRow>((ids) => db.select().from(livelihoodModels).where(inArray(livelihoodModels.id, [...ids])), (r) => r.id),
    participantsOfModel: groupLoader<string, ParticipationRow>(
      (ids) => db.select().from(modelParticipants).where(inArray(modelParticipants.modelId, [...ids])).orderBy(asc(modelParticipants.enrolledOn), asc(modelParticipants.householdId)),
      (r) => r.modelId,
    ),
    replicationsOfModel: groupLoader<string, ModelRow>(
      (ids) => db.select().from(livelihoodModels).where(inArray(livelihoodModels.replicatedFromId, [...ids])).orderBy(asc(livelihoodModels.createdAt), asc(livelihoodModels.id)),
      (r) => r.replicatedFromId!,
    ),
    evaluationsOfModel: groupLoader<string, EvaluationRow>(
      (ids) => db.select().from(modelEvaluations).where(inArray(modelEvaluations.modelId, [...ids])).orderBy(asc(modelEvaluations.evaluatedOn), asc(modelEvaluations.id)),
      (r) => r.modelId,
    ),
    budgetRevisionsOfModel: groupLoader<string, BudgetRevisionRow>(
      (ids) => db.select().from(modelBudgetRevisions).where(inArray(modelBudgetRevisions.modelId, [...ids])).orderBy(asc(modelBudgetRevisions.id)),
      (r) => r.modelId,
    ),
    eventsOfModel: groupLoader<string, EventRow>(
      (ids) => db.select().from(modelEvents).where(inArray(modelEvents.modelId, [...ids])).orderBy(asc(modelEvents.effectiveOn), asc(modelEvents.id)),
      (r) => r.modelId,
    ),
    /** Outcomes from the rollup the triggers keep (migration 0014): one indexed row per model, whatever the province's size. */
    outcome: new DataLoader<string, ModelOutcome>(async (ids) => {
      const rows = await database.rows<OutcomeRow>(outcomeRollupSql(ids));
      const byId = new Map(rows.map((r) => [r.model_id, r]));
      return ids.map((id) => toOutcome(byId.get(id)));
    }),
    /** Models of many units (any level) in one statement per level and status filter. */
    modelsOfUnit: new DataLoader<UnitModelsKey, ModelRow[], string>(async (keys) => {
      const groups = groupBy(keys, (k) => `${k.level}|${k.status}`);
      const found = new Map<string, ModelRow[]>();
      await Promise.all([...groups.values()].map(async (group) => {
        const s = group[0]!;
        const unit = unitColumn(s.level);
        const status = s.status ? sql`and m.status = ${s.status}` : sql``;
        const rows = await database.rows<{ unit_code: string; id: string }>(sql`
          select ${unit} as unit_code, m.id from dolisa.livelihood_models m join ${UNIT_MAP} on unit.commune_code = m.commune_code
          where ${unit} in (${inList(group.map((k) => k.code))}) ${status} order by m.commune_code, m.start_date, m.id`);
        const models = rows.length ? await db.select().from(livelihoodModels).where(inArray(livelihoodModels.id, rows.map((r) => r.id))) : [];
        const byId = new Map(models.map((m) => [m.id, m]));
        for (const r of rows) {
          const key = `${s.level}|${s.status}|${r.unit_code}`;
          found.set(key, [...(found.get(key) ?? []), byId.get(r.id)!]);
        }
      }));
      return keys.map((k) => found.get(`${k.level}|${k.status}|${k.code}`) ?? []);
    }, { cacheKeyFn: (k) => `${k.level}|${k.status}|${k.code}` }),
  };
}
