import { fileURLToPath } from 'node:url';
import { loadSdl, mergeResolvers, type SubgraphDefinition } from '@ntg/subgraph-kit';
import { createContext, type FrontContext } from './context';
import { recommendationResolvers } from './resolvers/recommendations';
import { supervisionResolvers } from './resolvers/supervisions';
import { seedFront } from './seed';

/** The Vietnam Fatherland Front (Mặt trận Tổ quốc): supervision of the programme and its recommendations. */
export const front: SubgraphDefinition<FrontContext> = {
  name: 'front',
  defaultPort: 4005,
  typeDefs: loadSdl(new URL('../schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(supervisionResolvers, recommendationResolvers),
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  createContext,
  seed: seedFront,
};

export type { FrontContext };
