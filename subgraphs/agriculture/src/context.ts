import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createOfftakeLoaders } from './offtake/loaders';
import { createPartnerLoaders } from './partners/loaders';
import { createSupportLoaders } from './support/loaders';

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return { ...createSupportLoaders(database), ...createOfftakeLoaders(database), ...createPartnerLoaders(database) };
}

export interface AgricultureContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

export function createContext(database: Database) {
  return { database, loaders: createLoaders(database) };
}
