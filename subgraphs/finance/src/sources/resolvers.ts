import type { Resolvers } from '../generated/types';
import { listFundingSources } from './loaders';

export const sourceResolvers: Resolvers = {
  Query: {
    fundingSources: async (_, __, ctx) => {
      const sources = await listFundingSources(ctx.database);
      for (const source of sources) ctx.loaders.fundingSource.prime(source.code, source);
      return sources;
    },
  },
  FundingSource: {
    /** Unknown codes resolve to null, as the gateway expects for a missing entity. */
    __resolveReference: (ref, ctx) => ctx.loaders.fundingSource.load(ref.code),
  },
  SourceFunding: {
    source: async (funding, _, ctx) => {
      const source = await ctx.loaders.fundingSource.load(funding.sourceCode);
      if (!source) throw new Error(`funding names source ${funding.sourceCode}, which does not exist`);
      return source;
    },
  },
};
