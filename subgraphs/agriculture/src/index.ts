import { fileURLToPath } from 'node:url';
import { loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type AgricultureContext } from './context';
import { communeResolvers } from './resolvers/communes';
import { modelResolvers } from './resolvers/models';
import { partnerResolvers } from './resolvers/partners';
import { seedAgriculture } from './seed';

/** Agriculture (Sở NN&PTNT): technical support to the livelihood models, partners and offtake of their products. */
export const agriculture: SubgraphDefinition<AgricultureContext> = {
  name: 'agriculture',
  defaultPort: 4002,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(communeResolvers, modelResolvers, partnerResolvers),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedAgriculture,
};

export type { AgricultureContext };
