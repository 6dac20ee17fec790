import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type FinanceContext } from './context';
import { auditLog } from './db/schema';
import { allocationResolvers } from './allocations/resolvers';
import { flagResolvers } from './flags/resolvers';
import { fundingResolvers } from './funding/resolvers';
import { guidanceResolvers } from './guidance/resolvers';
import { householdResolvers } from './households/resolvers';
import { sourceResolvers } from './sources/resolvers';
import { seedFinance } from './seed';
import { policy } from '../policy';

/**
 * Finance (Sở Tài chính): funding sources, allocations to the livelihood models and households, disbursement and
 * settlement, the flags the plan asks for (no overlap, no fragmentation, clear settlement), guidance documents.
 */
export const finance = defineSubgraph<FinanceContext>({
  name: 'finance',
  defaultPort: 4003,
  root: new URL('..', import.meta.url),
  resolvers: [fundingResolvers, sourceResolvers, allocationResolvers, flagResolvers, householdResolvers, guidanceResolvers],
  createContext,
  policy,
  auditLog,
  seed: seedFinance,
});

export type { FinanceContext };
