import { fileURLToPath } from 'node:url';
import type { Database } from '@ntg/db';
import type { AuditLogTable, MutationArgsMap, SubgraphPolicy } from './auth';
import { auditLogResolver } from './audit';
import type { Db } from '@ntg/db';
import { todayInVietnam } from './clock';
import { loadSdl, mergeResolvers, type OwnContext, type ResolverMap, type SeedOptions, type SubgraphContext, type SubgraphDefinition } from './subgraph';

export interface SubgraphParts<TContext extends SubgraphContext> {
  /** Department name: its Postgres schema, its env prefix (FINANCE_DATABASE_URL) and its `<name>AuditLog` field. */
  name: string;
  defaultPort: number;
  /** The subgraph's package folder, `new URL('..', import.meta.url)` from src/index.ts: schema.graphql and drizzle/ live there. */
  root: URL;
  /** The resolver groups of src/<feature>/resolvers.ts, typed with the generated `Resolvers`. */
  resolvers: readonly ResolverMap[];
  createContext: SubgraphDefinition<TContext>['createContext'];
  policy: SubgraphPolicy<TContext, MutationArgsMap, Db>;
  auditLog: AuditLogTable;
  /** Keys of audited records that hold personal data, redacted for readers who may not see it. */
  personalKeys?: readonly string[];
  seed?: (database: Database, options: SeedOptions) => Promise<Record<string, number>>;
  /** HTTP routes beside /graphql, such as a file upload. */
  routes?: SubgraphDefinition<TContext>['routes'];
}

/**
 * A department's subgraph from the parts every department has, laid out the same way: schema.graphql and
 * drizzle/ in the package folder, resolvers per feature, the audit trail served at `Query.<name>AuditLog`.
 */
export function defineSubgraph<TContext extends SubgraphContext>(parts: SubgraphParts<TContext>): SubgraphDefinition<TContext> {
  return {
    name: parts.name,
    defaultPort: parts.defaultPort,
    typeDefs: loadSdl(new URL('schema.graphql', parts.root)),
    migrationsFolder: fileURLToPath(new URL('drizzle', parts.root)),
    resolvers: mergeResolvers(...parts.resolvers, {
      Query: { [`${parts.name}AuditLog`]: auditLogResolver(parts.auditLog, { personalKeys: parts.personalKeys ?? [] }) },
    }),
    createContext: parts.createContext,
    policy: parts.policy,
    auditLog: parts.auditLog,
    ...(parts.seed ? { seed: parts.seed } : {}),
    ...(parts.routes ? { routes: parts.routes } : {}),
  };
}

/** A request context whose own part is its request-scoped loaders. */
export type LoaderContext<TLoaders> = SubgraphContext & { readonly loaders: TLoaders };

/**
 * createContext for a subgraph whose request context is its loaders: fresh per request, so batching happens
 * within a request and nothing is cached across requests. `today` reaches loaders whose SQL depends on the date.
 */
export function withLoaders<TLoaders>(createLoaders: (database: Database, today: string) => TLoaders) {
  return (database: Database, _request?: unknown, _caller?: unknown, today: string = todayInVietnam()): OwnContext<LoaderContext<TLoaders>> =>
    ({ database, loaders: createLoaders(database, today) });
}
