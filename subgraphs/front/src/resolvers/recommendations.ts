import type { FrontContext } from '../context';
import type { Recommendation } from '../loaders';

export const recommendationResolvers = {
  Recommendation: {
    /** Unknown ids resolve to null; the status (OVERDUE included) is computed by the same statement. */
    __resolveReference: (ref: { id: string }, ctx: FrontContext) => ctx.loaders.recommendation.load(ref.id),
    supervision: (r: Recommendation, _: unknown, ctx: FrontContext) => ctx.loaders.supervision.load(r.supervisionId),
  },
};
