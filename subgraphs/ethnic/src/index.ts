import { fileURLToPath } from 'node:url';
import { auditLogResolver, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type EthnicContext } from './context';
import { auditLog } from './db/schema';
import { ethnicAreaResolvers } from './areas/resolvers';
import { ethnicGroupResolvers } from './groups/resolvers';
import { policy } from '../policy';

/**
 * The Ethnic Committee (Ban Dân tộc): the GSO ethnic groups and the ethnic-area classification of communes.
 * Its data is real reference data loaded by migrations, so it has no synthetic seed.
 */
export const ethnic: SubgraphDefinition<EthnicContext> = {
  name: 'ethnic',
  defaultPort: 4004,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(ethnicGroupResolvers, ethnicAreaResolvers, {
    Query: { ethnicAuditLog: auditLogResolver(auditLog, { personalKeys: [] }) },
  }),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  policy,
  auditLog,
};

export type { EthnicContext };
