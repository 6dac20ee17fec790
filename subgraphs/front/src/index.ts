import { fileURLToPath } from 'node:url';
import { auditLogResolver, loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type FrontContext } from './context';
import { auditLog } from './db/schema';
import { supervisionResolvers } from './supervision/resolvers';
import { seedFront } from './seed';
import { policy } from '../policy';

/** The Vietnam Fatherland Front (Mặt trận Tổ quốc): supervision of the programme and its recommendations. */
export const front: SubgraphDefinition<FrontContext> = {
  name: 'front',
  defaultPort: 4005,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(supervisionResolvers, {
    Query: { frontAuditLog: auditLogResolver(auditLog, { personalKeys: [] }) },
  }),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedFront,
  policy,
  auditLog,
};

export type { FrontContext };
