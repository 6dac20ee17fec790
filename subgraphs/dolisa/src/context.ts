import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createHouseholdLoaders } from './households/loaders';
import { createModelLoaders } from './models/loaders';
import { createPlanLoaders } from './plan/loaders';
import { createPovertyLoaders } from './poverty/loaders';

/** Request-scoped loaders: one statement per kind of lookup and request. */
const createLoaders = (database: Database) => ({
  ...createPovertyLoaders(database),
  ...createHouseholdLoaders(database),
  ...createModelLoaders(database),
  ...createPlanLoaders(database),
});

export type DolisaContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
