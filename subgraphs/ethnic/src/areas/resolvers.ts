import { checkYear } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';

export const ethnicAreaResolvers: Resolvers = {
  Commune: {
    ethnicArea: (commune, { on }, ctx) => {
      const date = on ?? ctx.today;
      checkYear(Number(date.slice(0, 4)), 'on');
      return ctx.loaders.ethnicArea.load({ communeCode: commune.code, on: date });
    },
  },
};
