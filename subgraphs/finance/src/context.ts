import type { IncomingMessage } from 'node:http';
import type { Database } from '@ntg/db';
import type { SubgraphContext } from '@ntg/subgraph-kit';
import { createModelFundingLoader } from './funding/by-model';
import { createFundingSourceLoader } from './funding/sources';
import { createFundingSummaryLoader } from './funding/summary';

export interface FinanceContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return {
    fundingSummary: createFundingSummaryLoader(database),
    modelFunding: createModelFundingLoader(database),
    fundingSource: createFundingSourceLoader(database),
  };
}

export function createContext(database: Database, _request?: IncomingMessage): FinanceContext {
  return { database, loaders: createLoaders(database) };
}
