import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createEthnicAreaLoaders } from './areas/loaders';
import { createEthnicGroupLoaders } from './groups/loaders';

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return { ...createEthnicGroupLoaders(database), ...createEthnicAreaLoaders(database) };
}

export interface EthnicContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

export function createContext(database: Database) {
  return { database, loaders: createLoaders(database) };
}
