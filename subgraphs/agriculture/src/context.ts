import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createOfftakeLoaders } from './offtake/loaders';
import { createPartnerLoaders } from './partners/loaders';
import { createSupportLoaders } from './support/loaders';
import { createSummaryLoaders } from './support/summary';
import { createTechniqueLoaders } from './support/techniques';

/** Request-scoped loaders: one statement per kind of lookup and request. */
const createLoaders = (database: Database) => ({
  ...createSupportLoaders(database),
  ...createSummaryLoaders(database),
  ...createTechniqueLoaders(database),
  ...createOfftakeLoaders(database),
  ...createPartnerLoaders(database),
});

export type AgricultureContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
