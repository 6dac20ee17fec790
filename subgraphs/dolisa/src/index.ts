import { fileURLToPath } from 'node:url';
import { loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type DolisaContext } from './context';
import { unitResolvers } from './resolvers/units';
import { seedDolisa } from './seed';

/** DOLISA, the focal point: households, poverty reviews and rates, livelihood models, plan targets. */
export const dolisa: SubgraphDefinition<DolisaContext> = {
  name: 'dolisa',
  defaultPort: 4001,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(unitResolvers),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedDolisa,
};

export type { DolisaContext };
