import { authFromEnv, exitOnTermination, introspectionEnabled, portFromEnv, reportStartFailure } from '@ntg/subgraph-kit';
import { startGateway } from './gateway';
import { limitsFromEnv } from '@ntg/subgraph-kit';
import { readCommittedSupergraph, supergraphSubgraphs, subgraphUrlsFromEnv } from './supergraph';

export const DEFAULT_GATEWAY_PORT = 4000;

export interface GatewayRunConfig {
  readonly port: number;
  /** Undefined listens on every interface: the gateway is the graph's public entry point. */
  readonly host?: string;
  readonly supergraphSdl: string;
  /** Every subgraph's URL: <NAME>_URL when set, else the one the supergraph was composed with. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
}

/** What the gateway started on its own reads from the environment: PORT, HOST and <NAME>_URL per subgraph. */
export function gatewayRunConfig(env: NodeJS.ProcessEnv = process.env, supergraphSdl: string = readCommittedSupergraph()): GatewayRunConfig {
  const subgraphs = supergraphSubgraphs(supergraphSdl);
  const overrides = subgraphUrlsFromEnv(subgraphs, env);
  return {
    port: portFromEnv(env, DEFAULT_GATEWAY_PORT),
    host: env.HOST?.trim() || undefined,
    supergraphSdl,
    subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, overrides[s.name] ?? s.url])),
  };
}

export interface RunGatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Stop on SIGTERM/SIGINT and exit; exit 1 when start-up fails (default true). Tests pass false. */
  manageProcess?: boolean;
  log?: (message: string) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** Stops accepting and lets in-flight requests finish (at most 10 s). */
  stop(): Promise<void>;
}

/**
 * The gateway as its own service, in front of subgraphs started elsewhere. It serves the committed supergraph and
 * imports no subgraph package, so it starts (and keeps answering with partial data) whichever subgraphs are down.
 */
export async function runGateway(options: RunGatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.log(message));
  const manageProcess = options.manageProcess ?? true;
  const startedAt = Date.now();
  let stopService: () => Promise<void> = async () => {};
  if (manageProcess) exitOnTermination({ name: 'gateway', stop: () => stopService(), log });
  try {
    const config = gatewayRunConfig(env);
    const auth = await authFromEnv(env);
    const server = await startGateway({
      supergraphSdl: config.supergraphSdl,
      subgraphUrls: { ...config.subgraphUrls },
      port: config.port,
      host: config.host,
      auth: auth.verifier,
      limits: limitsFromEnv(env),
      introspection: introspectionEnabled(env),
    });
    const running: RunningGateway = { url: server.url, subgraphUrls: config.subgraphUrls, stop: () => server.close() };
    stopService = running.stop;
    const calls = Object.entries(config.subgraphUrls).map(([name, url]) => `${name} ${url}`).join(', ');
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    log(`gateway: ready at ${server.url}, calling ${calls}; tokens from ${auth.source} (${seconds} s)`);
    return running;
  } catch (error) {
    if (!manageProcess) throw error;
    reportStartFailure('gateway', error);
    process.exit(1);
  }
}
