import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createFundingLoaders } from './funding/loaders';
import { createSourceLoaders } from './sources/loaders';

/** Request-scoped loaders: one statement per kind of lookup and request. */
const createLoaders = (database: Database) => ({ ...createFundingLoaders(database), ...createSourceLoaders(database) });

export type FinanceContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
