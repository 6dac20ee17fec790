import { fileURLToPath } from 'node:url';
import { loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type FinanceContext } from './context';
import { modelResolvers } from './resolvers/models';
import { sourceResolvers } from './resolvers/sources';
import { unitResolvers } from './resolvers/units';
import { seedFinance } from './seed';

/** Finance (Sở Tài chính): funding sources, allocations to the livelihood models, disbursement and settlement. */
export const finance: SubgraphDefinition<FinanceContext> = {
  name: 'finance',
  defaultPort: 4003,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(unitResolvers, sourceResolvers, modelResolvers),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedFinance,
};

export type { FinanceContext };
