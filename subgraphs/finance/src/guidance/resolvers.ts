import { asc, eq } from 'drizzle-orm';
import { writeScope } from '@ntg/subgraph-kit';
import { guidanceDocuments } from '../db/schema';
import type { Resolvers } from '../generated/types';
import { guidanceStatus, recordFundingGuidance } from './service';

export const guidanceResolvers: Resolvers = {
  Query: {
    fundingGuidance: (_, { planCode }, ctx) =>
      ctx.database.db.select().from(guidanceDocuments).where(eq(guidanceDocuments.planCode, planCode))
        .orderBy(asc(guidanceDocuments.dueDate), asc(guidanceDocuments.id)),
  },
  Mutation: {
    recordFundingGuidance: (_, { input }, ctx) => recordFundingGuidance(writeScope(ctx), input),
  },
  FundingGuidance: {
    status: (g, _, ctx) => guidanceStatus(g, ctx.today),
  },
};
