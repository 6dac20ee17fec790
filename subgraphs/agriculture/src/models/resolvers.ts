import type { Resolvers } from '../generated/types';

/**
 * Agriculture's part of DOLISA's LivelihoodModel entity. The registry is DOLISA's, so a reference resolves to
 * what the gateway sent (its id, and the participants technicalSupports requires); a model Agriculture has no
 * records for simply has no support and no agreements.
 */
export const modelResolvers: Resolvers = {
  LivelihoodModel: {
    __resolveReference: (ref) => ref,
  },
};
