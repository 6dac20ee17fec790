import { findCommune } from '@ntg/admin-units';
import { badUserInput, checkYear, decodeCursor, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { requireUnit } from '../units';
import { countRecommendations, selectRecommendationPage } from './loaders';
import { addRecommendation, recordSupervision, resolveRecommendation, respondToRecommendation } from './service';

/** A recommendations cursor: [dueDate, id]. */
function recommendationCursor(after: string | null | undefined): [string, string] | null {
  if (!after) return null;
  const parts = decodeCursor(after);
  if (parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') throw badUserInput('Not a cursor this field returned', 'after');
  return [parts[0], parts[1]];
}

export const supervisionResolvers: Resolvers = {
  Query: {
    recommendations: async (_, args, ctx) => {
      const area = requireUnit(args.areaCode, 'areaCode');
      const size = pageSize(args);
      const rows = await selectRecommendationPage(ctx.database, ctx.today, {
        level: area.level, code: area.code, status: args.status ?? null, after: recommendationCursor(args.after), limit: size + 1,
      });
      return { ...toConnection(rows, size, (r) => [r.dueDate, r.id]), count: { level: area.level, code: area.code, status: args.status ?? null } };
    },
  },
  Mutation: {
    recordSupervision: (_, { input }, ctx) => recordSupervision(writeScope(ctx), input, requestEnv(ctx)),
    addRecommendation: (_, args, ctx) => addRecommendation(writeScope(ctx), args, requestEnv(ctx)),
    respondToRecommendation: (_, args, ctx) => respondToRecommendation(writeScope(ctx), args),
    resolveRecommendation: (_, args, ctx) => resolveRecommendation(writeScope(ctx), args),
  },
  RecommendationConnection: {
    totalCount: (page, _, ctx) => countRecommendations(ctx.database, ctx.today, page.count),
  },
  Supervision: {
    /** Unknown ids resolve to null, as the gateway expects of an entity that does not exist. */
    __resolveReference: (ref, ctx) => ctx.loaders.supervision.load(ref.id),
    /** Unit fields come from the shared reference package: no statement, no hop. */
    commune: (s) => findCommune(s.communeCode)!,
    livelihoodModel: (s) => (s.modelId ? { id: s.modelId } : null),
    recommendations: (s, _, ctx) => ctx.loaders.supervisionRecommendations.load(s.id),
  },
  Recommendation: {
    /** Unknown ids resolve to null; the status (OVERDUE included) is computed by the same statement. */
    __resolveReference: (ref, ctx) => ctx.loaders.recommendation.load(ref.id),
    addressee: (r) => ({ department: r.addresseeDepartment, area: r.addresseeArea }),
    supervision: async (r, _, ctx) => {
      const supervision = await ctx.loaders.supervision.load(r.supervisionId);
      if (!supervision) throw new Error(`recommendation ${r.id} names supervision ${r.supervisionId}, which does not exist`);
      return supervision;
    },
    history: (r, _, ctx) => ctx.loaders.recommendationHistory.load(r.id),
  },
  RecommendationChange: {
    from: (e) => e.fromStatus,
    to: (e) => e.toStatus,
    on: (e) => e.effectiveOn,
  },
  Commune: {
    supervisions: (commune, { year }, ctx) => {
      if (year != null) checkYear(year, 'year');
      return ctx.loaders.communeSupervisions.load({ communeCode: commune.code, year: year ?? null });
    },
  },
  LivelihoodModel: {
    supervisions: (model, _, ctx) => ctx.loaders.modelSupervisions.load(model.id),
  },
};
