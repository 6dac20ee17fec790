import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createSupervisionLoaders } from './supervision/loaders';

/** Request-scoped loaders; `today` fixes OVERDUE for the whole request, so every answer of one request agrees. */
const createLoaders = (database: Database, today: string) => ({ ...createSupervisionLoaders(database, today) });

export type FrontContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
