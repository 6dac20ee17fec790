import type { FinanceContext } from '../context';
import { listFundingSources } from '../funding/sources';
import type { SourceFunding } from '../funding/by-model';

export const sourceResolvers = {
  Query: {
    fundingSources: async (_: unknown, __: unknown, ctx: FinanceContext) => {
      const sources = await listFundingSources(ctx.database);
      for (const source of sources) ctx.loaders.fundingSource.prime(source.code, source);
      return sources;
    },
  },
  FundingSource: {
    /** Unknown codes resolve to null, as the gateway expects for a missing entity. */
    __resolveReference: (ref: { code: string }, ctx: FinanceContext) => ctx.loaders.fundingSource.load(ref.code),
  },
  SourceFunding: {
    source: (funding: SourceFunding, _: unknown, ctx: FinanceContext) => ctx.loaders.fundingSource.load(funding.sourceCode),
  },
};
