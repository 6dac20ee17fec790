import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { concatAST, GraphQLScalarType, isObjectType, parse, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { adminUnitResolvers, adminUnitTypeDefs } from '@ntg/admin-units';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '@ntg/db';
import { serveGraphQL, type Routes, type RunningServer } from '@ntg/http';
import { scalarResolvers } from './scalars';
import { formatError } from './format-error';
import { forbidden } from '@ntg/errors';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { nulCharacterPlugin, queryLimitError, queryLimitsPlugin, subgraphLimitsFromEnv, type QueryLimits } from './limits';
import { applyPolicy, auditDenials, verifierFromEnv, type AuditLogTable, type Caller, type MutationArgsMap, type SubgraphPolicy, type TokenVerifier } from './auth';
import { createGraphClient, type GraphClient } from './graph-client';
import { databaseWriteRuntime, type WriteScope } from './write';
import { todayInVietnam } from './clock';

/**
 * A resolver map as buildSubgraphSchema takes it: type name -> field resolvers (or a scalar). Each subgraph
 * types its own maps with the `Resolvers` type generated from its SDL (`pnpm codegen`); the kit only merges them.
 */
export type ResolverMap = { readonly [typeName: string]: object | GraphQLScalarType | undefined };

/** What the kit adds to every request context. */
export interface SubgraphContext {
  readonly database: Database;
  /**
   * Who is asking, from the verified bearer token. createContext need not set it: the kit adds it to whatever
   * createContext returns, so it is always present while a request executes. requireCaller(context) reads it.
   */
  readonly caller?: Caller;
  /** The request's "today" in Việt Nam (YYYY-MM-DD), fixed once so every field of one request agrees. */
  readonly today: string;
  /** Reads other departments' entities through the graph with the caller's token (write-time checks). */
  readonly graph: GraphClient;
  /** Inside a mutation the policy allowed: its transaction, caller and audit trail (see writeScope()). */
  readonly write?: WriteScope;
  /** The request carried the composition credential (GRAPH_COMPOSITION_KEY): `_service { sdl }` may be read. */
  readonly composition?: boolean;
}

/** A request context as the kit hands it to resolvers: the caller is set. */
export interface CallerContext {
  readonly caller: Caller;
}

/** The part of the request context a subgraph builds itself (its loaders); the kit adds the rest. */
export type OwnContext<TContext extends SubgraphContext> = Omit<TContext, Exclude<keyof SubgraphContext, 'database'>>;

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
  /** The department's own SDL (schema.graphql beside its code); the kit adds the shared types (fullTypeDefs). */
  readonly typeDefs: DocumentNode;
  readonly resolvers: ResolverMap;
  readonly migrationsFolder: string;
  /**
   * Builds one request's own context: request-scoped DataLoaders live here. The kit adds caller, today and graph
   * to what it returns; `today` is passed in too, for loaders whose SQL depends on the date (OVERDUE).
   */
  createContext(database: Database, request?: IncomingMessage, caller?: Caller, today?: string): OwnContext<TContext>;
  /**
   * Who may write and read what (policy.ts, beside the schema). Every Mutation field must be declared in it:
   * building the schema throws otherwise, so nothing is writable by accident.
   */
  readonly policy?: SubgraphPolicy<TContext, MutationArgsMap, Db>;
  /** The department's append-only audit trail: every write and every refused attempt is recorded in it. */
  readonly auditLog?: AuditLogTable;
  /** Writes synthetic demo data when the subgraph's tables are empty; returns what it wrote. */
  seed?(database: Database, options: SeedOptions): Promise<Record<string, number>>;
  /** HTTP routes beside /graphql (a file upload), given what they need to authenticate and write. */
  routes?(runtime: SubgraphRuntime): Routes;
}

/** What a subgraph's own HTTP routes get: its database and the token verifier its GraphQL endpoint uses. */
export interface SubgraphRuntime {
  readonly database: Database;
  readonly verifier: TokenVerifier;
}

export function loadSdl(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'));
}

/** Scalars, units, page info, targets and the audit trail's types: what every subgraph serves alike. */
export const sharedTypeDefs: DocumentNode = concatAST([
  loadSdl(new URL('../scalars.graphql', import.meta.url)),
  loadSdl(new URL('../shared.graphql', import.meta.url)),
  loadSdl(new URL('../audit.graphql', import.meta.url)),
  adminUnitTypeDefs,
]);

/** The complete SDL a subgraph serves and composition reads: its own plus the shared types. */
export function fullTypeDefs(definition: Pick<SubgraphDefinition, 'typeDefs'>): DocumentNode {
  return concatAST([definition.typeDefs, sharedTypeDefs]);
}

/** Resolver keys that are not fields: federation's and graphql-tools' own. */
const META_FIELDS = new Set(['__resolveReference', '__resolveType', '__isTypeOf']);

/**
 * Every resolver must name a type and field the SDL has: a misspelled `Commune.fundingSumary` would otherwise
 * build and silently never resolve. (The generated types catch it at compile time; this catches it at start.)
 */
export function checkResolversMatchSchema(schema: GraphQLSchema, resolvers: ResolverMap, subgraph: string): void {
  const problems: string[] = [];
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) {
      problems.push(`resolvers for type ${typeName}, which the schema does not have`);
      continue;
    }
    if (fields instanceof GraphQLScalarType || !fields) continue;
    if (!isObjectType(type)) continue;
    const known = type.getFields();
    for (const fieldName of Object.keys(fields)) {
      if (!META_FIELDS.has(fieldName) && !(fieldName in known)) problems.push(`a resolver for ${typeName}.${fieldName}, which the schema does not have`);
    }
  }
  if (problems.length > 0) throw new Error(`${subgraph}: ${problems.join('; ')}`);
}

/** The subgraph's executable schema with its policy applied (resolvers wrapped; throws on an undeclared mutation). */
export function buildSchema<TContext extends SubgraphContext>(definition: SubgraphDefinition<TContext>): GraphQLSchema {
  const resolvers = mergeResolvers(scalarResolvers, adminUnitResolvers, definition.resolvers);
  const schema = buildSubgraphSchema({
    typeDefs: fullTypeDefs(definition),
    // buildSubgraphSchema's own resolver type is looser than ours; the check below is stricter than either.
    resolvers: resolvers as Parameters<typeof buildSubgraphSchema>[0] extends { resolvers?: infer R } ? R : never,
  });
  checkResolversMatchSchema(schema, resolvers, definition.name);
  guardServiceSdl(schema);
  const policy = definition.policy ?? {};
  const withAudit = definition.auditLog && !policy.onDenied ? { ...policy, onDenied: auditDenials(definition.auditLog) } : policy;
  return applyPolicy(schema, withAudit, definition.name, databaseWriteRuntime<TContext>(definition.auditLog));
}

/**
 * `_service { sdl }` hands out the whole SDL (with every federation directive): only composition tooling holding
 * the composition credential may read it, whatever the introspection setting. The gateway serves a committed
 * supergraph and never asks for it.
 */
function guardServiceSdl(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._service;
  if (!field) return;
  const original = field.resolve ?? ((parent: unknown) => parent);
  field.resolve = (parent, args, context: { composition?: boolean }, info) => {
    if (!context.composition) throw forbidden('_service is for composition tooling: send the composition credential (x-composition-key)');
    return original(parent, args, context, info);
  };
}

/** Whether a request carries the composition credential configured in GRAPH_COMPOSITION_KEY (never when unset). */
export function hasCompositionCredential(request: IncomingMessage | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const expected = env.GRAPH_COMPOSITION_KEY;
  const given = request?.headers['x-composition-key'];
  if (!expected || typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export interface RequestContextOptions {
  request?: IncomingMessage;
  /** The gateway URL other departments' data is read from at write time; default GRAPH_URL. */
  graphUrl?: () => string | undefined;
  /** A client to use instead (subgraph tests give a stub). */
  graph?: GraphClient;
}

/** The request context: the subgraph's own (database, loaders) plus the verified caller, today and the graph. */
export function createRequestContext<TContext extends SubgraphContext>(
  definition: Pick<SubgraphDefinition<TContext>, 'createContext'>,
  database: Database,
  caller: Caller | undefined,
  options: RequestContextOptions = {},
): TContext & Partial<CallerContext> {
  const today = todayInVietnam();
  const own = definition.createContext(database, options.request, caller, today);
  const authorization = options.request?.headers.authorization;
  const graph = options.graph ?? createGraphClient({ url: options.graphUrl ?? (() => process.env.GRAPH_URL), authorization });
  return Object.assign(own, { caller, today, graph, composition: hasCompositionCredential(options.request) }) as unknown as TContext & Partial<CallerContext>;
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

type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown> | object>;

/** Merges resolver maps type by type, so a department's Commune fields sit beside the shared unit fields. */
export function mergeResolvers<R extends ResolverMap>(...maps: readonly R[]): R;
export function mergeResolvers(...maps: readonly ResolverMap[]): ResolverMap;
export function mergeResolvers(...maps: readonly ResolverMap[]): ResolverMap {
  const merged: Record<string, object | GraphQLScalarType> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (!fields) continue;
      const existing = merged[type];
      if (fields instanceof GraphQLScalarType || !existing || existing instanceof GraphQLScalarType) {
        merged[type] = fields;
        continue;
      }
      const overlap = Object.keys(fields).filter((name) => name in existing && name !== '__resolveReference');
      if (overlap.length > 0) throw new Error(`mergeResolvers: ${type}.${overlap.join(', ')} resolved twice`);
      merged[type] = { ...(existing as FieldResolvers), ...(fields as FieldResolvers) };
    }
  }
  return merged;
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
  /** The gateway URL for write-time reads of other departments' data; default GRAPH_URL. */
  graphUrl?: () => string | undefined;
  /** Query limits for whoever calls the subgraph; default subgraphLimitsFromEnv(). */
  limits?: QueryLimits;
}

/**
 * Apollo Server options every door shares, gateway and subgraphs: the parser's token limit, a cap on directives
 * (graphql-armor's rule), and, where introspection is off, no field suggestions ("Did you mean …?") either.
 */
export function serverHardening(limits: QueryLimits, introspection: boolean) {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [maxDirectivesRule({
      n: MAX_DIRECTIVES,
      exposeLimits: true,
      // Reported as a validation error, not thrown: a throw from a rule escapes Apollo's validation as an
      // internal error.
      propagateOnRejection: false,
      onReject: [(context, error) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? MAX_DIRECTIVES + 1);
        context?.reportError(queryLimitError('directives', `The operation has ${found} directives; at most ${MAX_DIRECTIVES} are allowed`, found, MAX_DIRECTIVES));
      }],
    })],
    hideSchemaDetailsFromClientErrors: !introspection,
  };
}

/** More directives than any real operation uses (the saved queries use none); a flood of them is refused. */
const MAX_DIRECTIVES = 50;

/** Readiness of the database for /health: ready when it answers `select 1` within 2 s. */
async function databaseHealth(database: Database): Promise<{ ready: boolean; database: string }> {
  try {
    await Promise.race([
      database.rows(sql`select 1 as ok`),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
    return { ready: true, database: database.backend };
  } catch {
    return { ready: false, database: `${database.backend}: not answering` };
  }
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
  const limits = options.limits ?? subgraphLimitsFromEnv();
  const apollo = new ApolloServer<TContext & Partial<CallerContext>>({
    schema,
    introspection,
    // The same limits at every door: a subgraph reached directly refuses what the gateway would.
    ...serverHardening(limits, introspection),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(), queryLimitsPlugin<TContext & Partial<CallerContext>>(limits), nulCharacterPlugin<TContext & Partial<CallerContext>>(),
      ...(introspection ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
    includeStacktraceInErrorResponses: false,
    formatError,
    // The process owner (pnpm start, the tests) stops servers; Apollo's own SIGTERM handlers would race it and hang.
    stopOnTerminationSignals: false,
  });
  const server: RunningServer = await serveGraphQL(apollo, {
    port: options.port ?? definition.defaultPort,
    host: options.host,
    context: async (request) =>
      createRequestContext(definition, database, await verifier.authenticate(request.headers.authorization), { request, graphUrl: options.graphUrl }),
    health: async () => ({ subgraph: definition.name, ...(await databaseHealth(database)) }),
    ...(definition.routes ? { routes: definition.routes({ database, verifier }) } : {}),
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
