import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { findCommune, requireUnit, type UnitLevel } from '@ntg/admin-units';
import { decodeCursor, notFound, pageSize, toConnection, type PageArgs } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { livelihoodModels } from '../db/schema';
import { UNIT_MAP } from '../units-sql';
import type { EventRow, ModelRow, ParticipationRow } from './loaders';

interface ModelFilter {
  status?: string | null;
  sector?: string | null;
  districtCode?: string | null;
  communeCode?: string | null;
  replicable?: boolean | null;
}

function filterSql(filter: ModelFilter): SQL[] {
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
  return conditions;
}

export function modelsOfUnit(level: UnitLevel) {
  return (unit: { code: string }, { status }: { status?: string | null }, ctx: DolisaContext) =>
    ctx.loaders.modelsOfUnit.load({ level, code: unit.code, status: status ?? null });
}

export const modelResolvers = {
  Query: {
    livelihoodModel: async (_: unknown, { id }: { id: string }, ctx: DolisaContext) => {
      const row = await ctx.loaders.modelById.load(id);
      if (!row) throw notFound(`No livelihood model with id "${id}"`, 'id');
      return row;
    },
    livelihoodModels: async (_: unknown, args: PageArgs & { filter?: ModelFilter | null }, ctx: DolisaContext) => {
      const size = pageSize(args);
      const conditions = filterSql(args.filter ?? {});
      const page = args.after ? [...conditions, gt(livelihoodModels.id, String(decodeCursor(args.after)[0]))] : conditions;
      const rows = await ctx.database.db.select().from(livelihoodModels).where(and(...page)).orderBy(asc(livelihoodModels.id)).limit(size + 1);
      return { ...toConnection(rows, size, (m) => [m.id]), conditions };
    },
  },
  LivelihoodModelConnection: {
    totalCount: async ({ conditions }: { conditions: SQL[] }, _: unknown, ctx: DolisaContext) => {
      const [row] = await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(livelihoodModels).where(and(...conditions));
      return row?.n ?? 0;
    },
  },
  LivelihoodModel: {
    __resolveReference: (ref: { id: string }, ctx: DolisaContext) => ctx.loaders.modelById.load(ref.id),
    commune: (m: ModelRow) => findCommune(m.communeCode),
    participants: async (m: ModelRow, _: unknown, ctx: DolisaContext) =>
      (await ctx.loaders.participantsOfModel.load(m.id)).filter((p) => p.withdrawnOn === null),
    outcome: (m: ModelRow, _: unknown, ctx: DolisaContext) => ctx.loaders.outcome.load(m.id),
    evaluation: async (m: ModelRow, _: unknown, ctx: DolisaContext) => (await ctx.loaders.evaluationsOfModel.load(m.id)).at(-1) ?? null,
    evaluations: (m: ModelRow, _: unknown, ctx: DolisaContext) => ctx.loaders.evaluationsOfModel.load(m.id),
    statusHistory: async (m: ModelRow, _: unknown, ctx: DolisaContext) =>
      (await ctx.loaders.eventsOfModel.load(m.id)).map((e: EventRow) => ({ from: e.fromStatus, to: e.toStatus, on: e.effectiveOn, note: e.note })),
  },
  Participation: {
    model: (p: ParticipationRow, _: unknown, ctx: DolisaContext) => ctx.loaders.modelById.load(p.modelId),
    household: (p: ParticipationRow, _: unknown, ctx: DolisaContext) => ctx.loaders.householdById.load(p.householdId),
  },
};
