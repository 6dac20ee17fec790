import type { IncomingMessage } from 'node:http';
import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createPovertyStatsLoader } from './poverty/stats';
import { createHouseholdLoaders } from './households/loaders';
import { createModelLoaders } from './models/loaders';
import { createPlanLoaders } from './plan/targets';

export interface DolisaContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return {
    povertyStats: createPovertyStatsLoader(database),
    ...createHouseholdLoaders(database),
    ...createModelLoaders(database),
    ...createPlanLoaders(database),
  };
}

export function createContext(database: Database, _request?: IncomingMessage): DolisaContext {
  return { database, loaders: createLoaders(database) };
}
