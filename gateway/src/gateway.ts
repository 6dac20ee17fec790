import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLError } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatError, introspectionEnabled, isPublicCode, requireVerifier, type Caller, type TokenVerifier } from '@ntg/subgraph-kit';
import type { GraphQLFormattedError } from 'graphql';
import { serveGraphQL, type RunningServer } from '@ntg/http';
import { readCommittedSupergraph } from './compose';
import { limitsFromEnv, queryLimitsPlugin, type QueryLimits } from './limits';
import { subgraphRefusal } from './subgraph-errors';

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
}

/** The gateway's request context: the verified caller and the header to pass on to the subgraphs. */
export interface GatewayContext {
  readonly caller: Caller;
  readonly authorization: string;
}

/**
 * Passes the caller's own token to every subgraph: each subgraph verifies it again and applies its policy, so
 * the gateway holds no privilege of its own. The gateway serves a static supergraph and never calls a subgraph
 * outside a user's request, so there is no request without a token to forward.
 */
class AuthorizationForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const authorization = 'context' in options ? options.context?.authorization : undefined;
    if (authorization) options.request.http?.headers.set('authorization', authorization);
  }

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    return subgraphRefusal(await super.errorFromResponse(response));
  }
}

/** The gateway serves a static, committed supergraph: it starts without the subgraphs and never composes at run time. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningServer> {
  const verifier = requireVerifier(options.auth, 'gateway');
  const limits = options.limits ?? limitsFromEnv();
  const introspection = options.introspection ?? introspectionEnabled();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readCommittedSupergraph(),
    buildService: ({ name, url }) => new AuthorizationForwardingDataSource({ url: options.subgraphUrls?.[name] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    // The token limit is the parser's own: a longer query is refused before it is even parsed in full.
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [queryLimitsPlugin<GatewayContext>(limits), ...(introspection ? [] : [ApolloServerPluginLandingPageDisabled()])],
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
    // The process owner (pnpm start, the tests) stops servers; Apollo's own SIGTERM handlers would race it and hang.
    stopOnTerminationSignals: false,
  });
  return serveGraphQL(apollo, {
    port: options.port ?? 4000,
    host: options.host,
    // Rejects a request without a valid token before any planning, so no subgraph is called for it.
    context: async (request) => {
      const caller = await verifier.authenticate(request.headers.authorization);
      return { caller, authorization: request.headers.authorization! };
    },
    health: () => ({ service: 'gateway' }),
  });
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
      message: formatted.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' ? `The ${String(serviceName)} subgraph did not answer` : formatted.message,
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
