import type { Resolvers } from '../generated/types';

export const partnerResolvers: Resolvers = {
  Partner: {
    /** Unknown ids resolve to null, as the gateway expects for a missing entity. */
    __resolveReference: (ref, ctx) => ctx.loaders.partner.load(ref.id),
  },
};
