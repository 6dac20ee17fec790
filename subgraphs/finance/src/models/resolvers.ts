import type { Resolvers } from '../generated/types';

/**
 * Finance's part of DOLISA's LivelihoodModel entity. The registry is DOLISA's, so a reference resolves to its
 * id alone; a model Finance has no allocation for has zero funding.
 */
export const modelResolvers: Resolvers = {
  LivelihoodModel: {
    __resolveReference: (ref) => ({ id: ref.id }),
    funding: (model, _, ctx) => ctx.loaders.modelFunding.load(model.id),
  },
};
