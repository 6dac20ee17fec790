import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createHouseholdLoaders } from './households/loaders';
import { createModelLoaders } from './models/loaders';
import { createPlanLoaders } from './plan/loaders';
import { createPovertyLoaders } from './poverty/loaders';

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return {
    ...createPovertyLoaders(database),
    ...createHouseholdLoaders(database),
    ...createModelLoaders(database),
    ...createPlanLoaders(database),
  };
}

export interface DolisaContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

export function createContext(database: Database) {
  return { database, loaders: createLoaders(database) };
}
