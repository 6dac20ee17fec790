import { fileURLToPath } from 'node:url';
import { auditLogResolver, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type FinanceContext } from './context';
import { auditLog } from './db/schema';
import { fundingResolvers } from './funding/resolvers';
import { modelResolvers } from './models/resolvers';
import { sourceResolvers } from './sources/resolvers';
import { seedFinance } from './seed';
import { policy } from '../policy';

/** Finance (Sở Tài chính): funding sources, allocations to the livelihood models, disbursement and settlement. */
export const finance: SubgraphDefinition<FinanceContext> = {
  name: 'finance',
  defaultPort: 4003,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(fundingResolvers, sourceResolvers, modelResolvers, {
    Query: { financeAuditLog: auditLogResolver(auditLog, { personalKeys: [] }) },
  }),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedFinance,
  policy,
  auditLog,
};

export type { FinanceContext };
