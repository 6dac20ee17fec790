import { findCommune } from '@ntg/admin-units';
import { checkYear, writeScope } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';
import { recordVisit } from './service';

export const visitResolvers: Resolvers = {
  Mutation: {
    record__Dept__Visit: (_, { input }, ctx) => recordVisit(writeScope(ctx), input),
  },
  Commune: {
    __dept__Visits: (commune, { year }, ctx) => {
      checkYear(year);
      return ctx.loaders.visitsOfCommune.load({ communeCode: commune.code, year });
    },
  },
  __Dept__Visit: {
    commune: (visit) => findCommune(visit.communeCode)!,
    date: (visit) => visit.visitedOn,
  },
};
