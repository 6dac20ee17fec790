import type { FinanceContext } from '../context';

/**
 * Finance's part of DOLISA's LivelihoodModel entity. The registry is DOLISA's, so a reference resolves to its
 * id alone; a model Finance has no allocation for has zero funding.
 */
export const modelResolvers = {
  LivelihoodModel: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    funding: (model: { id: string }, _: unknown, ctx: FinanceContext) => ctx.loaders.modelFunding.load(model.id),
  },
};
