import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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

export type DolisaContext = LoaderContext<ReturnType<typeof createLoaders>> & {
  /** The request carried the monthly report route's service credential (REPORT_SERVICE_KEY, x-report-credential). */
  reportCredential?: boolean;
};

const loaderContext = withLoaders(createLoaders);

/** Whether a request carries the report route's service credential; never when REPORT_SERVICE_KEY is unset. */
export function hasReportCredential(request: IncomingMessage | undefined, key = process.env.REPORT_SERVICE_KEY): boolean {
  const given = request?.headers['x-report-credential'];
  if (!key || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const createContext = (database: Database, request?: IncomingMessage, caller?: unknown, today?: string) =>
  Object.assign(loaderContext(database, request, caller, today), { reportCredential: hasReportCredential(request) });
