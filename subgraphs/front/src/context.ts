import type { Database } from '@ntg/db';
import { withLoaders, type LoaderContext } from '@ntg/subgraph-kit';
import { createCommendationLoaders } from './commendation/loaders';
import { createConsultationLoaders } from './consultation/loaders';
import { createCriticismLoaders } from './criticism/loaders';
import { createFundLoaders } from './fund/loaders';
import { createSupervisionLoaders } from './supervision/loaders';

/**
 * Request-scoped loaders; `today` fixes OVERDUE for the whole request, so every answer of one request agrees.
 * lookupCache holds the request's answers from other departments (a model's commune), asked once per request.
 */
const createLoaders = (database: Database, today: string) => ({
  ...createSupervisionLoaders(database, today),
  ...createConsultationLoaders(database),
  ...createCriticismLoaders(database),
  ...createFundLoaders(database),
  ...createCommendationLoaders(database),
  lookupCache: new Map<string, Promise<unknown>>(),
});

export type FrontContext = LoaderContext<ReturnType<typeof createLoaders>>;

export const createContext = withLoaders(createLoaders);
