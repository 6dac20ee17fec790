import type { Database } from '@ntg/db';
import { todayInVietnam, type SubgraphContext } from '@ntg/subgraph-kit';
import { createSupervisionLoaders } from './supervision/loaders';

/** Fresh loaders per request: batching within a request, no stale cache across requests. */
function createLoaders(database: Database, today: string) {
  return { ...createSupervisionLoaders(database, today) };
}

export interface FrontContext extends SubgraphContext {
  readonly loaders: ReturnType<typeof createLoaders>;
}

/** `today` fixes OVERDUE for the whole request, so every recommendation of one answer agrees. */
export function createContext(database: Database, _request?: unknown, _caller?: unknown, today = todayInVietnam()) {
  return { database, loaders: createLoaders(database, today) };
}
