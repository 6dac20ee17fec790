import type { Resolvers } from '../generated/types';

export const flagResolvers: Resolvers = {
  Query: {
    fundingFlagRules: (_, __, ctx) => ctx.loaders.rules.load('all'),
  },
};
