import type { IncomingMessage } from 'node:http';
import type { Database } from '@ntg/db';
import { todayInVietnam, type SubgraphContext } from '@ntg/subgraph-kit';
import { createLoaders, type FrontLoaders } from './loaders';

export interface FrontContext extends SubgraphContext {
  /** Fresh loaders per request: batching within a request, no stale cache across requests. */
  readonly loaders: FrontLoaders;
  /** The request's "today" (Việt Nam date), fixed once so every OVERDUE of one request agrees. */
  readonly today: string;
}

export function createContext(database: Database, _request?: IncomingMessage): FrontContext {
  const today = todayInVietnam();
  return { database, today, loaders: createLoaders(database, today) };
}
