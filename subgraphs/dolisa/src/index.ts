import { fileURLToPath } from 'node:url';
import { auditLogResolver, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type DolisaContext } from './context';
import { auditLog } from './db/schema';
import { householdResolvers } from './households/resolvers';
import { modelResolvers } from './models/resolvers';
import { planResolvers } from './plan/resolvers';
import { povertyResolvers } from './poverty/resolvers';
import { unitResolvers } from './units/resolvers';
import { seedDolisa } from './seed';
import { policy } from '../policy';

/** DOLISA, the focal point: households, poverty reviews and rates, livelihood models, plan targets. */
export const dolisa: SubgraphDefinition<DolisaContext> = {
  name: 'dolisa',
  defaultPort: 4001,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(unitResolvers, householdResolvers, povertyResolvers, modelResolvers, planResolvers, {
    Query: { dolisaAuditLog: auditLogResolver(auditLog, { personalKeys: ['headName', 'headIdNumber'] }) },
  }),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedDolisa,
  policy,
  auditLog,
};

export type { DolisaContext };
