import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createAllocationLoaders } from './allocations/loaders';
import { createFlagLoaders } from './flags/loaders';
import { createFundingLoaders } from './funding/loaders';
import { createDolisaLookups } from './refs';
import { createSourceLoaders } from './sources/loaders';

/**
 * Request-scoped loaders: one statement per kind of lookup and request. `today` reaches the flags that depend on
 * the date alone (UNSETTLED); DOLISA's records are looked up through the graph once per id and request.
 */
const createLoaders = (database: Database, today: string) => ({
  ...createFundingLoaders(database),
  ...createSourceLoaders(database),
  ...createAllocationLoaders(database),
  ...createFlagLoaders(database, today),
  dolisaLookups: createDolisaLookups(),
});

export type FinanceContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
