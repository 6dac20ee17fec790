import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  formatError, installCustomScalars, introspectionEnabled, isPublicCode, nulCharacterPlugin, requireVerifier, serverHardening, type Caller, type TokenVerifier,
} from '@ntg/subgraph-kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { serveGraphQL, type RunningServer } from '@ntg/http';
import { readCommittedSupergraph, supergraphSubgraphs } from './supergraph';
import { limitsFromEnv, queryLimitsPlugin, type QueryLimits } from '@ntg/subgraph-kit';
import { userRoutes } from './user-routes';
import { cachedQueryLimitsPlugin, deduplicatingFetcher, keepAliveFetcher } from './fast-path';

export interface GatewayOptions {
  /** Defaults to the committed supergraph.graphql. */
  supergraphSdl?: string;
  /** Subgraph URL overrides by name (tests on free ports, separate deployments). */
  subgraphUrls?: Record<string, string>;
  port?: number;
  host?: string;
  /** Verifies bearer tokens; default from AUTH_JWKS_URL / AUTH_PUBLIC_KEY (start-up fails without one). */
  auth?: TokenVerifier;
  /** Query limits; default limitsFromEnv() (GRAPH_MAX_DEPTH, GRAPH_MAX_ALIASES, GRAPH_MAX_TOKENS, GRAPH_MAX_COST...). */
  limits?: QueryLimits;
  /** Introspection and the landing page; default introspectionEnabled() (GRAPH_INTROSPECTION, off in production). */
  introspection?: boolean;
  /**
   * Keep-alive connection pools to the subgraphs and limits measured once per document (fast-path.ts); default on.
   * GATEWAY_FAST_PATH=false turns both off, so `pnpm bench` can show what they save.
   */
  fastPath?: boolean;
  /**
   * Identical subgraph queries in flight at once (same caller, same body) sent once, the answer shared
   * (fast-path.ts deduplicatingFetcher); default on. GATEWAY_DEDUPLICATE=false turns it off, for the bench.
   */
  deduplicate?: boolean;
}

/** The gateway's request context: the verified caller and the header to pass on to the subgraphs. */
export interface GatewayContext {
  readonly caller: Caller;
  readonly authorization: string;
  /** Set only by the monthly report route when it submits a report: sent on as x-report-credential (packages/reports). */
  readonly reportCredential?: string;
}

/**
 * Passes the caller's own token to every subgraph: each subgraph verifies it again and applies its policy, so
 * the gateway holds no privilege of its own. The gateway serves a static supergraph and never calls a subgraph
 * outside a user's request, so there is no request without a token to forward.
 */
class AuthorizationForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(readonly serviceName: string, url: string | undefined, fetcher: RemoteGraphQLDataSource['fetcher'] | undefined, deduplicate: boolean) {
    super(fetcher ? { url, fetcher } : { url });
    const send = deduplicate ? (deduplicatingFetcher(this.fetcher as never) as unknown as RemoteGraphQLDataSource['fetcher']) : this.fetcher;
    this.fetcher = (async (input: string, init?: object) => refusalAsAnswer(await send(input, init as never))) as unknown as RemoteGraphQLDataSource['fetcher'];
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const authorization = 'context' in options ? options.context?.authorization : undefined;
    if (authorization) options.request.http?.headers.set('authorization', authorization);
    const reportCredential = 'context' in options ? options.context?.reportCredential : undefined;
    if (reportCredential) options.request.http?.headers.set('x-report-credential', reportCredential);
  }

  /**
   * A refusal refusalAsAnswer did not pass on whole (an error without a public code among them): the first error with
   * a public code, named by service, instead of @apollo/gateway's anonymous "400: Bad Request".
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource<GatewayContext>['errorFromResponse']>[0]): Promise<GraphQLError> {
    const fallback = await super.errorFromResponse(response);
    const body = (fallback.extensions.response as { body?: unknown } | undefined)?.body as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined;
    if (fallback.extensions.code === 'UNAUTHENTICATED' || fallback.extensions.code === 'FORBIDDEN') return fallback;
    const first = Array.isArray(body?.errors) ? body.errors.find(isWrittenForCaller) : undefined;
    if (response.status >= 500 || !first) {
      // Nothing written for the caller (a 5xx, a body that is not GraphQL): name the service, never an internal error.
      return new GraphQLError(`The ${this.serviceName} subgraph refused the request (HTTP ${response.status})`, {
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: this.serviceName },
      });
    }
    const { message, extensions } = passedOn(first);
    return new GraphQLError(message, { extensions: { ...extensions, serviceName: this.serviceName } });
  }

  /**
   * No answer at all (refused, reset): @apollo/gateway would pass the bare fetch error on, which reaches the client
   * as an anonymous internal error. Name the subgraph instead, so clients know whose data is missing.
   */
  override didEncounterError(...[error, , response]: Parameters<RemoteGraphQLDataSource<GatewayContext>['didEncounterError']>): void {
    if (response) throw error;
    console.warn(`gateway: the ${this.serviceName} subgraph did not answer (${error.message})`);
    throw new GraphQLError(`The ${this.serviceName} subgraph did not answer`, {
      originalError: error,
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: this.serviceName },
    });
  }
}

type FetchedResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;
type SubgraphError = { message: string; extensions?: Record<string, unknown> };

/** A subgraph's error written for the caller: a message and a public code (never an internal one). */
function isWrittenForCaller(error: unknown): error is SubgraphError {
  const e = error as { message?: unknown; extensions?: { code?: unknown } } | null;
  return typeof e === 'object' && e !== null && typeof e.message === 'string' && isPublicCode(e.extensions?.code);
}

/** Such an error as the gateway passes it on: without the subgraph's stack trace. */
function passedOn({ message, extensions }: SubgraphError): SubgraphError {
  const { stacktrace: _stack, ...rest } = extensions ?? {};
  return { message, extensions: rest };
}

/**
 * A subgraph that refused the request as a whole (HTTP 400: values it could not coerce, its own query limits) answers
 * with GraphQL errors written for the caller. @apollo/gateway would turn the 400 into one error; handed over as an
 * answer without data instead, every one of them reaches the caller with its code, field and the service's name.
 * Only when every error carries a public code: anything else stays a 400 for errorFromResponse.
 */
async function refusalAsAnswer(response: FetchedResponse): Promise<FetchedResponse> {
  if (response.status !== 400) return response;
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? 'application/json';
  const unchanged = () => new Response(text, { status: response.status, statusText: response.statusText, headers: { 'content-type': contentType } }) as unknown as FetchedResponse;
  let body: { errors?: unknown } | undefined;
  try {
    body = JSON.parse(text) as { errors?: unknown };
  } catch {
    return unchanged();
  }
  const errors = body?.errors;
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every(isWrittenForCaller)) return unchanged();
  return new Response(JSON.stringify({ data: null, errors: errors.map(passedOn) }), { status: 200, headers: { 'content-type': 'application/json' } }) as unknown as FetchedResponse;
}

/** The gateway serves a static, committed supergraph: it starts without the subgraphs and never composes at run time. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningServer> {
  const verifier = requireVerifier(options.auth, 'gateway');
  const limits = options.limits ?? limitsFromEnv();
  const introspection = options.introspection ?? introspectionEnabled();
  const supergraphSdl = options.supergraphSdl ?? readCommittedSupergraph();
  const subgraphEndpoints = supergraphSubgraphs(supergraphSdl).map((s) => ({ name: s.name, url: options.subgraphUrls?.[s.name] ?? s.url }));
  const fastPath = options.fastPath ?? process.env.GATEWAY_FAST_PATH?.trim().toLowerCase() !== 'false';
  const fetcher = fastPath ? keepAliveFetcher() : undefined;
  const deduplicate = options.deduplicate ?? process.env.GATEWAY_DEDUPLICATE?.trim().toLowerCase() !== 'false';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new AuthorizationForwardingDataSource(name, options.subgraphUrls?.[name] ?? url, fetcher as RemoteGraphQLDataSource['fetcher'] | undefined, deduplicate),
  });
  // Vnd, Date and YearMonth are checked here, before planning, as the subgraphs check them.
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => installCustomScalars(apiSchema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    // The token limit is the parser's own: a longer query is refused before it is even parsed in full.
    ...serverHardening(limits, introspection),
    // Apollo's landing page loads Sandbox from Apollo's CDN (blank offline): userRoutes serves GraphiQL instead.
    plugins: [fastPath ? cachedQueryLimitsPlugin<GatewayContext>(limits) : queryLimitsPlugin<GatewayContext>(limits), nulCharacterPlugin<GatewayContext>(), ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
    // The process owner (pnpm start, the tests) stops servers; Apollo's own SIGTERM handlers would race it and hang.
    stopOnTerminationSignals: false,
  });
  // Rejects a request without a valid token before any planning, so no subgraph is called for it.
  const context = async (request: IncomingMessage): Promise<GatewayContext> => {
    const caller = await verifier.authenticate(request.headers.authorization);
    return { caller, authorization: request.headers.authorization! };
  };
  const server = await serveGraphQL(apollo, {
    port: options.port ?? 4000,
    host: options.host,
    context,
    health: () => subgraphsHealth(subgraphEndpoints),
    routes: userRoutes({ apollo, gateway, context, introspection }),
  });
  if (!fetcher) return server;
  const close = server.close.bind(server);
  // The pooled connections to the subgraphs go with the server.
  server.close = async () => {
    try {
      await close();
    } finally {
      fetcher.close();
    }
  };
  return server;
}

/**
 * Subgraph errors arrive already sanitised by the subgraph and keep their code and serviceName. An unreachable
 * subgraph is reported by name without the network detail, so clients know which department's data is missing.
 */
function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // The parser's token limit (parseOptions.maxTokens), reported like the other query limits.
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? /contains more th(?:an|at) (\d+) tokens/.exec(formatted.message) : null;
  if (tokens) {
    const max = Number(tokens[1]);
    return {
      message: `Query has more than ${max} tokens; at most ${max} are allowed`,
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'tokens', max },
    };
  }
  const serviceName = formatted.extensions?.serviceName;
  if (formatted.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' || formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && serviceName) {
    return {
      // Our own messages name the subgraph; any other (a fetch error's) may carry addresses and is replaced.
      message: formatted.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' && !formatted.message.startsWith(`The ${String(serviceName)} subgraph `) ? `The ${String(serviceName)} subgraph did not answer` : formatted.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: formatted.extensions?.code, serviceName },
    };
  }
  if (serviceName && isPublicCode(formatted.extensions?.code)) {
    // A subgraph's own error (NOT_FOUND, FORBIDDEN…): its message was written for the caller. The gateway only
    // holds the subgraph's JSON, so the original is no GraphQLError here and formatError would hide it.
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const result = formatError(formatted, error);
  return serviceName && result.extensions?.code !== 'INTERNAL_SERVER_ERROR' ? { ...result, extensions: { ...result.extensions, serviceName } } : result;
}

/**
 * Readiness of the gateway: each subgraph's own /health, asked with a short timeout. Ready (200) while at least one
 * subgraph answers, since the gateway then still serves that department's data and names the missing ones; 503 when
 * none does.
 */
async function subgraphsHealth(services: readonly { name: string; url: string }[]): Promise<Record<string, unknown>> {
  const states = await Promise.all(services.map(async ({ name, url }) => {
    try {
      const response = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { status?: string };
      return [name, response.ok ? 'ok' : (body.status ?? `HTTP ${response.status}`)] as const;
    } catch {
      return [name, 'not answering'] as const;
    }
  }));
  const subgraphs = Object.fromEntries(states);
  const answering = states.filter(([, state]) => state === 'ok').length;
  return { service: 'gateway', ready: answering > 0, degraded: answering < states.length, subgraphs };
}
