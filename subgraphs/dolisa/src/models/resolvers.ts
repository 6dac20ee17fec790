import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { findCommune, requireUnit, type UnitLevel } from '@ntg/admin-units';
import { decodeCursor, notFound, pageSize, toConnection, UNIT_MAP, writeScope } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { livelihoodModels } from '../db/schema';
import type { LivelihoodModelFilter, LivelihoodModelStatus, Resolvers } from '../generated/types';
import { enrollHousehold, evaluateModel, proposeModel, reviseModelBudget, transitionModel, withdrawHousehold } from './service';

function filterSql(filter: LivelihoodModelFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(livelihoodModels.status, filter.status));
  if (filter.sector) conditions.push(eq(livelihoodModels.sector, filter.sector));
  if (filter.communeCode) conditions.push(eq(livelihoodModels.communeCode, requireUnit('COMMUNE', filter.communeCode).code));
  if (filter.districtCode) {
    const district = requireUnit('DISTRICT', filter.districtCode);
    conditions.push(sql`${livelihoodModels.communeCode} in (select commune_code from ${UNIT_MAP} where unit.district_code = ${district.code})`);
  }
  if (filter.replicable != null) {
    // The latest evaluation decides; a model never evaluated is not replicable.
    conditions.push(sql`coalesce((select e.replicable from dolisa.model_evaluations e where e.model_id = ${livelihoodModels.id}
      order by e.evaluated_on desc, e.id desc limit 1), false) = ${filter.replicable}`);
  }
  if (filter.replicatedFrom != null) conditions.push(eq(livelihoodModels.replicatedFromId, filter.replicatedFrom));
  return conditions;
}

/** A unit's models, of one status when asked: one statement for every unit of the request. */
export function modelsOfUnit(level: UnitLevel) {
  return (unit: { code: string }, { status }: { status?: LivelihoodModelStatus | null }, ctx: DolisaContext) =>
    ctx.loaders.modelsOfUnit.load({ level, code: unit.code, status: status ?? null });
}

export const modelResolvers: Resolvers = {
  Query: {
    livelihoodModel: async (_, { id }, ctx) => {
      const row = await ctx.loaders.modelById.load(id);
      if (!row) throw notFound(`No livelihood model with id "${id}"`, 'id');
      return row;
    },
    livelihoodModels: async (_, args, ctx) => {
      const size = pageSize(args);
      const conditions = filterSql(args.filter ?? {});
      const page = args.after ? [...conditions, gt(livelihoodModels.id, String(decodeCursor(args.after)[0]))] : conditions;
      const rows = await ctx.database.db.select().from(livelihoodModels).where(and(...page)).orderBy(asc(livelihoodModels.id)).limit(size + 1);
      return { ...toConnection(rows, size, (m) => [m.id]), conditions };
    },
  },
  Mutation: {
    proposeLivelihoodModel: (_, { input }, ctx) => proposeModel(writeScope(ctx), input),
    approveLivelihoodModel: (_, args, ctx) => transitionModel(writeScope(ctx), 'approve', args),
    startLivelihoodModel: (_, args, ctx) => transitionModel(writeScope(ctx), 'start', args),
    completeLivelihoodModel: (_, args, ctx) => transitionModel(writeScope(ctx), 'complete', args),
    suspendLivelihoodModel: (_, args, ctx) => transitionModel(writeScope(ctx), 'suspend', args),
    enrollHousehold: (_, args, ctx) => enrollHousehold(writeScope(ctx), args),
    withdrawHousehold: (_, args, ctx) => withdrawHousehold(writeScope(ctx), args),
    evaluateLivelihoodModel: (_, { input }, ctx) => evaluateModel(writeScope(ctx), input),
    reviseModelBudget: (_, args, ctx) => reviseModelBudget(writeScope(ctx), args),
  },
  LivelihoodModelConnection: {
    totalCount: async ({ conditions }, _, ctx) => {
      const [row] = await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(livelihoodModels).where(and(...conditions));
      return row?.n ?? 0;
    },
  },
  LivelihoodModel: {
    __resolveReference: (ref, ctx) => ctx.loaders.modelById.load(ref.id),
    commune: (m) => findCommune(m.communeCode)!,
    participants: async (m, _, ctx) => (await ctx.loaders.participantsOfModel.load(m.id)).filter((p) => p.withdrawnOn === null),
    outcome: (m, _, ctx) => ctx.loaders.outcome.load(m.id),
    evaluation: async (m, _, ctx) => (await ctx.loaders.evaluationsOfModel.load(m.id)).at(-1) ?? null,
    evaluations: (m, _, ctx) => ctx.loaders.evaluationsOfModel.load(m.id),
    statusHistory: (m, _, ctx) => ctx.loaders.eventsOfModel.load(m.id),
    budgetRevisions: (m, _, ctx) => ctx.loaders.budgetRevisionsOfModel.load(m.id),
    replicatedFrom: async (m, _, ctx) => (m.replicatedFromId ? (await ctx.loaders.modelById.load(m.replicatedFromId)) ?? null : null),
    replications: (m, _, ctx) => ctx.loaders.replicationsOfModel.load(m.id),
  },
  ModelStatusSummary: {
    approvedOn: async (m, _, ctx) =>
      (await ctx.loaders.eventsOfModel.load(m.id)).filter((e) => e.fromStatus === 'PROPOSED' && e.toStatus === 'APPROVED').at(-1)?.effectiveOn ?? null,
  },
  BudgetRevision: {
    recordedAt: (r) => r.recordedAt.toISOString(),
  },
  ModelStatusChange: {
    from: (e) => e.fromStatus,
    to: (e) => e.toStatus,
    on: (e) => e.effectiveOn,
  },
  Participation: {
    model: async (p, _, ctx) => (await ctx.loaders.modelById.load(p.modelId))!,
    household: async (p, _, ctx) => (await ctx.loaders.householdById.load(p.householdId))!,
  },
};
