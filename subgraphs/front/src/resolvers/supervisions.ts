import { findCommune } from '@ntg/admin-units';
import { badUserInput } from '@ntg/subgraph-kit';
import type { FrontContext } from '../context';
import type { Supervision } from '../loaders';

function checkYear(year: number, field: string): void {
  if (year < 2000 || year > 2100) throw badUserInput(`${field} must be a calendar year between 2000 and 2100`, field);
}

export const supervisionResolvers = {
  Supervision: {
    /** Unknown ids resolve to null, as the gateway expects of an entity that does not exist. */
    __resolveReference: (ref: { id: string }, ctx: FrontContext) => ctx.loaders.supervision.load(ref.id),
    /** Unit fields come from the shared reference package: no statement, no hop. */
    commune: (s: Supervision) => findCommune(s.communeCode) ?? null,
    livelihoodModel: (s: Supervision) => (s.modelId ? { id: s.modelId } : null),
    recommendations: (s: Supervision, _: unknown, ctx: FrontContext) => ctx.loaders.supervisionRecommendations.load(s.id),
  },
  Commune: {
    supervisions: (commune: { code: string }, { year }: { year?: number | null }, ctx: FrontContext) => {
      if (year != null) checkYear(year, 'year');
      return ctx.loaders.communeSupervisions.load({ communeCode: commune.code, year: year ?? null });
    },
  },
  LivelihoodModel: {
    /** DOLISA owns the registry; the Front only needs the id to find its supervisions. */
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    supervisions: (model: { id: string }, _: unknown, ctx: FrontContext) => ctx.loaders.modelSupervisions.load(model.id),
  },
};
