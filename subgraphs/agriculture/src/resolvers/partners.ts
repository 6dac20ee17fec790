import type { AgricultureContext } from '../context';
import type { OfftakeAgreement } from '../offtake/loaders';

export const partnerResolvers = {
  Partner: {
    /** Unknown ids resolve to null, as the gateway expects for a missing entity. */
    __resolveReference: (ref: { id: string }, ctx: AgricultureContext) => ctx.loaders.partner.load(ref.id),
  },
  OfftakeAgreement: {
    partner: (agreement: OfftakeAgreement, _: unknown, ctx: AgricultureContext) => ctx.loaders.partner.load(agreement.partnerId),
  },
};
