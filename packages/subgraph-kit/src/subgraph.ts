import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
/** Resolver map as buildSubgraphSchema takes it (also __resolveReference); typed loosely on purpose. */
export type GraphQLResolverMap<_TContext = unknown> = Record<string, any>;
import { concatAST, GraphQLScalarType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { adminUnitResolvers, adminUnitTypeDefs } from '@ntg/admin-units';
import { openDatabase, type Database } from '@ntg/db';
import { serveGraphQL, type RunningServer } from '@ntg/http';
import { scalarResolvers } from './scalars';
import { formatError } from './format-error';
import { applyPolicy, verifierFromEnv, type Caller, type SubgraphPolicy, type TokenVerifier } from './auth';

export interface SubgraphContext {
  readonly database: Database;
  /**
   * Who is asking, from the verified bearer token. createContext need not set it: the kit adds it to whatever
   * createContext returns, so it is always present while a request executes. requireCaller(context) reads it.
   */
  readonly caller?: Caller;
}

/** A request context as the kit hands it to resolvers: the caller is set. */
export interface CallerContext {
  readonly caller: Caller;
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
  /** Builds one request's context: request-scoped DataLoaders live here. The kit adds `caller` to the result. */
  createContext(database: Database, request?: IncomingMessage, caller?: Caller): TContext;
  /**
   * Who may write and read what (declared beside the schema, e.g. src/policy.ts). Every Mutation field must be
   * declared in it: building the schema throws otherwise, so nothing is writable by accident.
   */
  readonly policy?: SubgraphPolicy<TContext>;
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

/** The subgraph's executable schema with its policy applied (resolvers wrapped; throws on an undeclared mutation). */
export function buildSchema<TContext extends SubgraphContext>(definition: SubgraphDefinition<TContext>): GraphQLSchema {
  const schema = buildSubgraphSchema({
    typeDefs: fullTypeDefs(definition),
    resolvers: mergeResolvers(
      scalarResolvers as unknown as GraphQLResolverMap<unknown>,
      adminUnitResolvers as unknown as GraphQLResolverMap<unknown>,
      definition.resolvers as GraphQLResolverMap<unknown>,
    ),
  });
  return applyPolicy(schema, definition.policy ?? {}, definition.name);
}

/** The request context: the subgraph's own (database, loaders) plus the verified caller. */
export function createRequestContext<TContext extends SubgraphContext>(
  definition: Pick<SubgraphDefinition<TContext>, 'createContext'>,
  database: Database,
  caller: Caller,
  request?: IncomingMessage,
): TContext & CallerContext {
  const context = definition.createContext(database, request, caller);
  return Object.assign(context, { caller });
}

/**
 * Introspection and the landing page: GRAPH_INTROSPECTION=false switches both off, =true on; unset, they are on
 * except when NODE_ENV=production.
 */
export function introspectionEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.GRAPH_INTROSPECTION?.trim().toLowerCase();
  if (setting === 'false' || setting === '0' || setting === 'off' || setting === 'no') return false;
  if (setting === 'true' || setting === '1' || setting === 'on' || setting === 'yes') return true;
  return env.NODE_ENV !== 'production';
}

/** The configured token verifier, or a clear start-up error: a subgraph never runs without authentication. */
export function requireVerifier(verifier: TokenVerifier | undefined, who: string): TokenVerifier {
  const resolved = verifier ?? verifierFromEnv();
  if (!resolved) {
    throw new Error(`${who}: no token verification configured. Set AUTH_JWKS_URL or AUTH_PUBLIC_KEY (pnpm start uses the dev keys in .data/dev-keys/).`);
  }
  return resolved;
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
  /** GraphQL requests received so far (tests show that a refused query never reached a subgraph). */
  readonly requests: () => number;
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
  /** Verifies bearer tokens; default from AUTH_JWKS_URL / AUTH_PUBLIC_KEY (start-up fails without one). */
  auth?: TokenVerifier;
  /** Introspection and landing page; default introspectionEnabled(). */
  introspection?: boolean;
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
  // A subgraph reached directly enforces the same rules as through the gateway: it verifies the token itself.
  const verifier = requireVerifier(options.auth, `subgraph ${definition.name}`);
  const schema = buildSchema(definition);
  const database = options.database ?? (await openSubgraphDatabase(definition, options));
  const introspection = options.introspection ?? introspectionEnabled();
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(introspection ? [] : [ApolloServerPluginLandingPageDisabled()])],
    includeStacktraceInErrorResponses: false,
    formatError,
    // The process owner (pnpm start, the tests) stops servers; Apollo's own SIGTERM handlers would race it and hang.
    stopOnTerminationSignals: false,
  });
  const server: RunningServer = await serveGraphQL(apollo, {
    port: options.port ?? definition.defaultPort,
    host: options.host,
    context: async (request) => createRequestContext(definition, database, await verifier.authenticate(request.headers.authorization), request),
    health: () => ({ subgraph: definition.name, database: database.backend }),
  });
  return {
    name: definition.name,
    url: server.url,
    database,
    requests: () => server.requests(),
    async stop() {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}
