import { notFound, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { graphLookups } from '../lookups';
import { fulfilmentRate } from './loaders';
import { changeOfftakeStatus, recordDelivery, signOfftakeAgreement } from './service';

export const offtakeResolvers: Resolvers = {
  Query: {
    offtakeAgreement: async (_, { id }, ctx) => {
      const row = await ctx.loaders.agreementById.load(id);
      if (!row) throw notFound(`No offtake agreement with id "${id}"`, 'id');
      return row;
    },
  },
  Mutation: {
    signOfftakeAgreement: (_, { input }, ctx) => signOfftakeAgreement(writeScope(ctx), input, graphLookups(ctx)),
    recordDelivery: (_, args, ctx) => recordDelivery(writeScope(ctx), args),
    changeOfftakeStatus: (_, args, ctx) => changeOfftakeStatus(writeScope(ctx), args),
  },
  LivelihoodModel: {
    offtakeAgreements: (model, _, ctx) => ctx.loaders.modelAgreements.load(model.id),
  },
  OfftakeAgreement: {
    model: (a) => ({ id: a.modelId }),
    partner: async (agreement, _, ctx) => {
      const partner = await ctx.loaders.partner.load(agreement.partnerId);
      if (!partner) throw new Error(`offtake agreement ${agreement.id} names partner ${agreement.partnerId}, which does not exist`);
      return partner;
    },
    volume: (a) => Number(a.volume),
    period: (a) => ({ start: a.periodStart, end: a.periodEnd }),
    deliveredVolume: (a) => Number(a.deliveredVolume),
    fulfilmentRate: (a, _, ctx) => fulfilmentRate(a, ctx.today),
    deliveries: (a, _, ctx) => ctx.loaders.agreementDeliveries.load(a.id),
    statusHistory: (a, _, ctx) => ctx.loaders.agreementStatusChanges.load(a.id),
  },
  OfftakeDelivery: {
    agreement: async (d, _, ctx) => (await ctx.loaders.agreementById.load(d.agreementId))!,
    date: (d) => d.deliveredOn,
    volume: (d) => Number(d.volume),
  },
  OfftakeStatusChange: {
    from: (c) => c.fromStatus,
    to: (c) => c.toStatus,
    on: (c) => c.effectiveOn,
  },
};
