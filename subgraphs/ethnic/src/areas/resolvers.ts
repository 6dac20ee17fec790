import { findCommune } from '@ntg/admin-units';
import { checkYear, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { reclassifyEthnicArea } from './service';

export const ethnicAreaResolvers: Resolvers = {
  Mutation: {
    reclassifyEthnicArea: (_, args, ctx) => reclassifyEthnicArea(writeScope(ctx), args),
  },
  Commune: {
    ethnicArea: (commune, { on }, ctx) => {
      const date = on ?? ctx.today;
      checkYear(Number(date.slice(0, 4)), 'on');
      return ctx.loaders.ethnicArea.load({ communeCode: commune.code, on: date });
    },
    ethnicAreaHistory: (commune, _, ctx) => ctx.loaders.ethnicAreaHistory.load(commune.code),
  },
  EthnicAreaClassification: {
    commune: (row) => findCommune(row.communeCode)!,
  },
};
