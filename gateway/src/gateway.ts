import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { formatError } from '@ntg/subgraph-kit';
import type { GraphQLFormattedError } from 'graphql';
import { serveGraphQL, type RunningServer } from '@ntg/http';
import { readCommittedSupergraph } from './compose';

export interface GatewayOptions {
  /** Defaults to the committed supergraph.graphql. */
  supergraphSdl?: string;
  /** Subgraph URL overrides by name (tests on free ports, separate deployments). */
  subgraphUrls?: Record<string, string>;
  port?: number;
  host?: string;
}

/** The gateway serves a static, committed supergraph: it starts without the subgraphs and never composes at run time. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningServer> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readCommittedSupergraph(),
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls?.[name] ?? url }),
  });
  const apollo = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false, formatError: formatGatewayError });
  return serveGraphQL(apollo, {
    port: options.port ?? 4000,
    host: options.host,
    context: async () => ({}),
    health: () => ({ service: 'gateway' }),
  });
}

/**
 * Subgraph errors arrive already sanitised by the subgraph and keep their code and serviceName. An unreachable
 * subgraph is reported by name without the network detail, so clients know which department's data is missing.
 */
function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const serviceName = formatted.extensions?.serviceName;
  if (formatted.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' || formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && serviceName) {
    return {
      message: formatted.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' ? `The ${String(serviceName)} subgraph did not answer` : formatted.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: formatted.extensions?.code, serviceName },
    };
  }
  const result = formatError(formatted, error);
  return serviceName && result.extensions?.code !== 'INTERNAL_SERVER_ERROR' ? { ...result, extensions: { ...result.extensions, serviceName } } : result;
}
