import { checkYear } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';

export const supportResolvers: Resolvers = {
  Commune: {
    agricultureSupport: (commune, { year }, ctx) => {
      checkYear(year);
      return ctx.loaders.supportSummary.load({ communeCode: commune.code, year });
    },
  },
};
