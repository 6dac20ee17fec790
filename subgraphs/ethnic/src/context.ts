import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createEthnicAreaLoaders } from './areas/loaders';
import { createEthnicGroupLoaders } from './groups/loaders';
import { createTargetLoaders } from './targets/loaders';

/** Request-scoped loaders: one statement (or one graph query) per kind of lookup and request. */
const createLoaders = (database: Database) => ({
  ...createEthnicGroupLoaders(database),
  ...createEthnicAreaLoaders(database),
  ...createTargetLoaders(database),
});

export type EthnicContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
