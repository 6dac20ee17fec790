import type { Resolvers } from '../generated/types';

/**
 * Agriculture's part of DOLISA's LivelihoodModel entity. The registry is DOLISA's, so a reference resolves to
 * its id alone; a model Agriculture has no records for simply has no support and no agreements.
 */
export const modelResolvers: Resolvers = {
  LivelihoodModel: {
    __resolveReference: (ref) => ({ id: ref.id }),
    technicalSupports: (model, _, ctx) => ctx.loaders.modelSupports.load(model.id),
    offtakeAgreements: (model, _, ctx) => ctx.loaders.modelOfftake.load(model.id),
  },
};
