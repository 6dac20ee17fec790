import { openSubgraphDatabase, requireVerifier, startSubgraph, type SeedOptions, type StartedSubgraph, type TokenVerifier } from '@ntg/subgraph-kit';
import type { Database } from '@ntg/db';
import { startGateway, type QueryLimits } from '@ntg/gateway';
import { subgraphs } from '@ntg/gateway/composition';

export interface StartGraphOptions {
  /** Gateway port; 0 picks a free one. */
  port?: number;
  host?: string;
  /** 'default' uses each subgraph's own port (4001..4005); 0 picks free ports (tests). */
  subgraphPorts?: 'default' | 0;
  /** PGlite data folder root ('memory' for tests); ignored for subgraphs with a database URL. */
  dataDir?: string;
  /** PostgreSQL URL for every subgraph; default from the environment (DATABASE_URL, DOLISA_DATABASE_URL...). */
  databaseUrl?: string;
  /** Synthetic demo data written into empty databases; false writes nothing. */
  seed?: SeedOptions | false;
  log?: (message: string) => void;
  /** Verifies bearer tokens at the gateway and at every subgraph; default from AUTH_JWKS_URL / AUTH_PUBLIC_KEY. */
  auth?: TokenVerifier;
  /** Gateway query limits; default from the environment. */
  limits?: QueryLimits;
  /** Introspection and landing pages; default GRAPH_INTROSPECTION, off when NODE_ENV=production. */
  introspection?: boolean;
}

export interface RunningGraph {
  readonly url: string;
  /** GraphQL requests the gateway received so far. */
  readonly gatewayRequests: () => number;
  readonly subgraphs: readonly StartedSubgraph[];
  database(name: string): Database;
  stop(): Promise<void>;
}

/** Starts all department subgraphs, each on its own database, then the gateway in front of them. */
export async function startGraph(options: StartGraphOptions = {}): Promise<RunningGraph> {
  const log = options.log ?? (() => {});
  const auth = requireVerifier(options.auth, 'graph');
  const started: StartedSubgraph[] = [];
  const databases: Database[] = [];
  // Subgraphs read other departments' entities at write time through the gateway, which starts last.
  let gatewayUrl: string | undefined;
  try {
    for (const definition of subgraphs) {
      const opened = Date.now();
      const dataDir = options.dataDir === 'memory' || options.dataDir === undefined ? options.dataDir : `${options.dataDir}/${definition.name}`;
      const database = await openSubgraphDatabase(definition, { dataDir, url: options.databaseUrl });
      databases.push(database);
      if (options.seed && definition.seed) {
        const written = await definition.seed(database, options.seed);
        if (Object.keys(written).length > 0) log(`${definition.name}: seeded synthetic ${JSON.stringify(written)}`);
      }
      started.push(
        await startSubgraph(definition, {
          database,
          port: options.subgraphPorts === 0 ? 0 : definition.defaultPort,
          host: options.host ?? '127.0.0.1',
          auth,
          introspection: options.introspection,
          graphUrl: () => gatewayUrl,
        }),
      );
      log(`${definition.name}: ${started.at(-1)!.url} on ${database.backend} (${Date.now() - opened} ms)`);
    }
    const gateway = await startGateway({
      port: options.port ?? 4000,
      host: options.host,
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.url])),
      auth,
      limits: options.limits,
      introspection: options.introspection,
    });
    gatewayUrl = gateway.url;
    return {
      url: gateway.url,
      gatewayRequests: () => gateway.requests(),
      subgraphs: started,
      database(name) {
        const found = started.find((s) => s.name === name);
        if (!found) throw new Error(`no subgraph ${name}`);
        return found.database;
      },
      async stop() {
        await gateway.close();
        await Promise.all(started.map((s) => s.stop()));
        await Promise.all(databases.map((d) => d.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    await Promise.allSettled(databases.map((d) => d.close()));
    throw error;
  }
}
