import { defineSubgraph } from '@ntg/subgraph-kit';
import { createContext, type DolisaContext } from './context';
import { auditLog } from './db/schema';
import { householdResolvers } from './households/resolvers';
import { modelResolvers } from './models/resolvers';
import { planResolvers } from './plan/resolvers';
import { reportResolvers } from './reports/resolvers';
import { povertyResolvers } from './poverty/resolvers';
import { unitResolvers } from './units/resolvers';
import { reviewImportRoutes } from './imports/http';
import { seedDolisa } from './seed';
import { policy } from '../policy';

/** DOLISA, the focal point: households, poverty reviews and rates, livelihood models, plan targets. */
export const dolisa = defineSubgraph<DolisaContext>({
  name: 'dolisa',
  defaultPort: 4001,
  root: new URL('..', import.meta.url),
  resolvers: [unitResolvers, householdResolvers, povertyResolvers, modelResolvers, planResolvers, reportResolvers],
  createContext,
  policy,
  auditLog,
  personalKeys: ['headName', 'headIdNumber'],
  seed: seedDolisa,
  routes: reviewImportRoutes,
});

export type { DolisaContext };
