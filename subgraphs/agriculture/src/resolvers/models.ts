import type { AgricultureContext } from '../context';

/**
 * Agriculture's part of DOLISA's LivelihoodModel entity. The registry is DOLISA's, so a reference resolves to
 * its id alone; a model Agriculture has no records for simply has no support and no agreements.
 */
export const modelResolvers = {
  LivelihoodModel: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    technicalSupports: (model: { id: string }, _: unknown, ctx: AgricultureContext) => ctx.loaders.modelSupports.load(model.id),
    offtakeAgreements: (model: { id: string }, _: unknown, ctx: AgricultureContext) => ctx.loaders.modelOfftake.load(model.id),
  },
};
