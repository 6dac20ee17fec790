import { findCommune } from '@ntg/admin-units';
import { writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { correctAssessment, recordAssessment } from './service';

export const povertyResolvers: Resolvers = {
  Query: {
    povertyStandards: (_, __, ctx) => ctx.loaders.standards.load('all'),
  },
  Mutation: {
    recordAssessment: (_, { input }, ctx) => recordAssessment(writeScope(ctx), input),
    correctAssessment: (_, { input, reason }, ctx) => correctAssessment(writeScope(ctx), input, reason),
  },
  PovertyAssessment: {
    deprivationCount: (a) => a.deprivations.length,
    commune: (a) => findCommune(a.communeCode)!,
    standard: async (a, _, ctx) => {
      const standard = (await ctx.loaders.standards.load('all')).find((s) => s.id === a.standardId);
      if (!standard) throw new Error(`assessment ${a.id} names standard ${a.standardId}, which does not exist`);
      return standard;
    },
    recordedAt: (a) => a.recordedAt.toISOString(),
  },
};
