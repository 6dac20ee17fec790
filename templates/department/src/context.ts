import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createVisitLoaders } from './visits/loaders';

/** Request-scoped loaders: one statement per kind of lookup and request. */
const createLoaders = (database: Database) => ({ ...createVisitLoaders(database) });

export type __Dept__Context = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
