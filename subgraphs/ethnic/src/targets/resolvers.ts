import { checkYear } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { evaluateMinorityTargets } from './targets';

export const targetResolvers: Resolvers = {
  Plan: {
    __resolveReference: (ref) => ({ code: ref.code }),
    minorityTargets: (plan, { year }, ctx) => {
      checkYear(year, 'year');
      return evaluateMinorityTargets(ctx, plan.code, year);
    },
  },
};
