import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type FinanceContext } from './context';
import { auditLog } from './db/schema';
import { fundingResolvers } from './funding/resolvers';
import { modelResolvers } from './models/resolvers';
import { sourceResolvers } from './sources/resolvers';
import { seedFinance } from './seed';
import { policy } from '../policy';

/** Finance (Sở Tài chính): funding sources, allocations to the livelihood models, disbursement and settlement. */
export const finance = defineSubgraph<FinanceContext>({
  name: 'finance',
  defaultPort: 4003,
  root: new URL('..', import.meta.url),
  resolvers: [fundingResolvers, sourceResolvers, modelResolvers],
  createContext,
  policy,
  auditLog,
  seed: seedFinance,
});

export type { FinanceContext };
