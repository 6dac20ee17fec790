import { findCommune } from '@ntg/admin-units';
import { checkYear, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { required } from '../model-facts';
import { requireUnit } from '../units';
import { isRatedEffective } from './effective';
import { selectCommendations } from './loaders';
import { commend } from './service';

export const commendationResolvers: Resolvers = {
  Query: {
    commendations: (_, args, ctx) => {
      checkYear(args.year, 'year');
      return selectCommendations(ctx.database, requireUnit(args.areaCode, 'areaCode').code, args.year);
    },
  },
  Mutation: {
    commend: (_, { input }, ctx) => commend(writeScope(ctx), input, requestEnv(ctx)),
  },
  Commendation: {
    __resolveReference: (ref, ctx) => ctx.loaders.commendation.load(ref.id),
    date: (c) => c.awardedOn,
    model: (c) => (c.modelId ? { id: c.modelId } : null),
    commune: (c) => (c.communeCode ? findCommune(c.communeCode)! : null),
  },
  LivelihoodModel: {
    commendations: (model, _, ctx) => ctx.loaders.modelCommendations.load(model.id),
    /** DOLISA's latest evaluation arrives through @requires; a model never commended has nothing to flag. */
    commendationFlag: async (model, _, ctx) => {
      if ((await ctx.loaders.modelCommendations.load(model.id)).length === 0) return null;
      const evaluation = required(model.evaluation, 'evaluation', model);
      return isRatedEffective(evaluation?.rating) ? null : 'MODEL_NOT_RATED_EFFECTIVE';
    },
  },
};
