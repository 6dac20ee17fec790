import { fileURLToPath } from 'node:url';
import { auditLogResolver, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type AgricultureContext } from './context';
import { auditLog } from './db/schema';
import { modelResolvers } from './models/resolvers';
import { offtakeResolvers } from './offtake/resolvers';
import { partnerResolvers } from './partners/resolvers';
import { supportResolvers } from './support/resolvers';
import { seedAgriculture } from './seed';
import { policy } from '../policy';

/** Agriculture (Sở NN&PTNT): technical support to the livelihood models, partners and offtake of their products. */
export const agriculture: SubgraphDefinition<AgricultureContext> = {
  name: 'agriculture',
  defaultPort: 4002,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(supportResolvers, modelResolvers, offtakeResolvers, partnerResolvers, {
    Query: { agricultureAuditLog: auditLogResolver(auditLog, { personalKeys: [] }) },
  }),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedAgriculture,
  policy,
  auditLog,
};

export type { AgricultureContext };
