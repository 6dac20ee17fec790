import { findCommune } from '@ntg/admin-units';
import { checkYear } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';

export const supervisionResolvers: Resolvers = {
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
    supervision: async (r, _, ctx) => {
      const supervision = await ctx.loaders.supervision.load(r.supervisionId);
      if (!supervision) throw new Error(`recommendation ${r.id} names supervision ${r.supervisionId}, which does not exist`);
      return supervision;
    },
  },
  Commune: {
    supervisions: (commune, { year }, ctx) => {
      if (year != null) checkYear(year, 'year');
      return ctx.loaders.communeSupervisions.load({ communeCode: commune.code, year: year ?? null });
    },
  },
  LivelihoodModel: {
    /** DOLISA owns the registry; the Front only needs the id to find its supervisions. */
    __resolveReference: (ref) => ({ id: ref.id }),
    supervisions: (model, _, ctx) => ctx.loaders.modelSupervisions.load(model.id),
  },
};
