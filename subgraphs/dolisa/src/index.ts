import { fileURLToPath } from 'node:url';
import { concatAST } from 'graphql';
import { auditLogResolver, auditTypeDefs, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { auditLog } from './db/schema';
import { createContext, type DolisaContext } from './context';
import { unitResolvers } from './resolvers/units';
import { householdResolvers, standardResolvers } from './households/resolvers';
import { householdMutations } from './households/mutations';
import { modelResolvers } from './models/resolvers';
import { modelMutations } from './models/mutations';
import { planResolvers } from './plan/resolvers';
import { seedDolisa } from './seed';
import { policy } from '../policy';

/** DOLISA, the focal point: households, poverty reviews and rates, livelihood models, plan targets. */
export const dolisa: SubgraphDefinition<DolisaContext> = {
  name: 'dolisa',
  defaultPort: 4001,
  typeDefs: concatAST([loadSdl(new URL('../schema.graphql', import.meta.url)), auditTypeDefs]),
  resolvers: mergeResolvers(
    unitResolvers, householdResolvers, standardResolvers, modelResolvers, planResolvers,
    { Mutation: { ...householdMutations, ...modelMutations } },
    { Query: { dolisaAuditLog: auditLogResolver(auditLog, { personalKeys: ['headName', 'headIdNumber'] }) } },
  ),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedDolisa,
  policy,
};

export type { DolisaContext };
