import type { IncomingMessage } from 'node:http';
import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createModelOfftakeLoader, createPartnerLoader } from './offtake/loaders';
import { createModelSupportsLoader } from './support/by-model';
import { createSupportSummaryLoader } from './support/summary';

export interface AgricultureContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return {
    supportSummary: createSupportSummaryLoader(database),
    modelSupports: createModelSupportsLoader(database),
    modelOfftake: createModelOfftakeLoader(database),
    partner: createPartnerLoader(database),
  };
}

export function createContext(database: Database, _request?: IncomingMessage): AgricultureContext {
  return { database, loaders: createLoaders(database) };
}
