import { findCommune } from '@ntg/admin-units';
import { writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { approvalDay, required } from '../model-facts';
import { agreeRate, consensusFlag, decisiveConsultation } from './consensus';
import { recordConsultation } from './service';

export const consultationResolvers: Resolvers = {
  Mutation: {
    recordConsultation: (_, { input }, ctx) => recordConsultation(writeScope(ctx), input, requestEnv(ctx)),
  },
  Consultation: {
    __resolveReference: (ref, ctx) => ctx.loaders.consultation.load(ref.id),
    model: (c) => ({ id: c.modelId }),
    commune: (c) => findCommune(c.communeCode)!,
    date: (c) => c.heldOn,
    agreeRate: (c) => agreeRate(c),
  },
  LivelihoodModel: {
    /** DOLISA owns the registry: the Front keeps the representation, with the DOLISA facts the gateway sent. */
    __resolveReference: (ref) => ref,
    consultations: (model, _, ctx) => ctx.loaders.modelConsultations.load(model.id),
    consensusRate: async (model, _, ctx) => {
      const decisive = decisiveConsultation(await ctx.loaders.modelConsultations.load(model.id), approvalDay(model));
      return decisive ? agreeRate(decisive) : null;
    },
    consensusFlag: async (model, _, ctx) => {
      const decisive = decisiveConsultation(await ctx.loaders.modelConsultations.load(model.id), approvalDay(model));
      return consensusFlag(required(model.status, 'status', model), decisive);
    },
  },
};
