import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
/** Resolver map as buildSubgraphSchema takes it (also __resolveReference); typed loosely on purpose. */
export type GraphQLResolverMap<_TContext = unknown> = Record<string, any>;
import { concatAST, GraphQLScalarType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { adminUnitResolvers, adminUnitTypeDefs } from '@ntg/admin-units';
import { openDatabase, type Database } from '@ntg/db';
import { serveGraphQL, type RunningServer } from '@ntg/http';
import { scalarResolvers } from './scalars';
import { formatError } from './format-error';

export interface SubgraphContext {
  readonly database: Database;
}

export interface SeedOptions {
  /** 1.0 = the whole province (~186,000 households); tests use a small fraction. */
  scale: number;
  /** PRNG seed: the same seed and scale always give the same data. */
  seed: number;
}

export interface SubgraphDefinition<TContext extends SubgraphContext = SubgraphContext> {
  /** Department name; also its Postgres schema and its env prefix (DOLISA_DATABASE_URL). */
  readonly name: string;
  readonly defaultPort: number;
  /** The department's own SDL (schema.graphql beside its resolvers). */
  readonly typeDefs: DocumentNode;
  readonly resolvers: GraphQLResolverMap<TContext>;
  readonly migrationsFolder: string;
  /** Builds one request's context: request-scoped DataLoaders live here. */
  createContext(database: Database, request?: IncomingMessage): TContext;
  /** Writes synthetic demo data when the subgraph's tables are empty; returns what it wrote. */
  seed?(database: Database, options: SeedOptions): Promise<Record<string, number>>;
}

export function loadSdl(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'));
}

const sharedTypeDefs = concatAST([loadSdl(new URL('../scalars.graphql', import.meta.url)), adminUnitTypeDefs]);

/** The complete SDL a subgraph serves and composition reads: shared scalars and units plus its own. */
export function fullTypeDefs(definition: Pick<SubgraphDefinition, 'typeDefs'>): DocumentNode {
  return concatAST([definition.typeDefs, sharedTypeDefs]);
}

export function buildSchema<TContext extends SubgraphContext>(definition: SubgraphDefinition<TContext>): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: fullTypeDefs(definition),
    resolvers: mergeResolvers(
      scalarResolvers as unknown as GraphQLResolverMap<unknown>,
      adminUnitResolvers as unknown as GraphQLResolverMap<unknown>,
      definition.resolvers as GraphQLResolverMap<unknown>,
    ),
  });
}

/** Merges resolver maps type by type, so a department's Commune fields sit beside the shared unit fields. */
export function mergeResolvers(...maps: GraphQLResolverMap<unknown>[]): GraphQLResolverMap<unknown> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      merged[type] =
        existing && typeof existing === 'object' && !(existing instanceof GraphQLScalarType) && typeof fields === 'object' && !(fields instanceof GraphQLScalarType)
          ? { ...existing, ...fields }
          : fields;
    }
  }
  return merged as GraphQLResolverMap<unknown>;
}

export interface StartedSubgraph {
  readonly name: string;
  readonly url: string;
  readonly database: Database;
  stop(): Promise<void>;
}

export interface StartSubgraphOptions {
  port?: number;
  host?: string;
  /** An already open database (tests share one across restarts); otherwise one is opened from the environment. */
  database?: Database;
  /** PGlite data folder or 'memory' when no database is given and no URL is configured. */
  dataDir?: string;
  url?: string;
}

export async function openSubgraphDatabase(
  definition: Pick<SubgraphDefinition, 'name' | 'migrationsFolder'>,
  options: { dataDir?: string; url?: string } = {},
): Promise<Database> {
  return openDatabase({ name: definition.name, migrationsFolder: definition.migrationsFolder, ...options });
}

export async function startSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: StartSubgraphOptions = {},
): Promise<StartedSubgraph> {
  const database = options.database ?? (await openSubgraphDatabase(definition, options));
  const apollo = new ApolloServer<TContext>({
    schema: buildSchema(definition),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError,
  });
  const server: RunningServer = await serveGraphQL(apollo, {
    port: options.port ?? definition.defaultPort,
    host: options.host,
    context: async (request) => definition.createContext(database, request),
    health: () => ({ subgraph: definition.name, database: database.backend }),
  });
  return {
    name: definition.name,
    url: server.url,
    database,
    async stop() {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}
