import type { Resolvers } from '../generated/types';

export const offtakeResolvers: Resolvers = {
  OfftakeAgreement: {
    partner: async (agreement, _, ctx) => {
      const partner = await ctx.loaders.partner.load(agreement.partnerId);
      if (!partner) throw new Error(`offtake agreement ${agreement.id} names partner ${agreement.partnerId}, which does not exist`);
      return partner;
    },
  },
};
