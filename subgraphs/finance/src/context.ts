import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createFundingLoaders } from './funding/loaders';
import { createSourceLoaders } from './sources/loaders';

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return { ...createFundingLoaders(database), ...createSourceLoaders(database) };
}

export interface FinanceContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

export function createContext(database: Database) {
  return { database, loaders: createLoaders(database) };
}
