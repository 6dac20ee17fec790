import type { IncomingMessage } from 'node:http';
import type { Database } from '@ntg/db';
import { todayInVietnam, type SubgraphContext } from '@ntg/subgraph-kit';
import { createEthnicAreaLoader, createEthnicGroupLoader } from './loaders';

export interface EthnicContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
  /** The request's "today" (Việt Nam date), fixed once so every field of one request agrees. */
  readonly today: string;
}

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database) {
  return {
    ethnicGroup: createEthnicGroupLoader(database),
    ethnicArea: createEthnicAreaLoader(database),
  };
}

export function createContext(database: Database, _request?: IncomingMessage): EthnicContext {
  return { database, loaders: createLoaders(database), today: todayInVietnam() };
}
