import { resolve } from 'node:path';
import { databaseUrlFor, type Backend, type Database } from '@ntg/db';
import { authFromEnv } from './dev-keys';
import { exitOnTermination } from './lifecycle';
import { ConfigError, portFromEnv, seedFromEnv } from './service-config';
import { openSubgraphDatabase, startSubgraph, type SeedOptions, type SubgraphContext, type SubgraphDefinition } from './subgraph';
import { dataRootDir, workspaceRoot } from './workspace';

/**
 * Subgraphs listen on the loopback interface unless HOST says otherwise: they sit behind the gateway, and the
 * committed supergraph calls them at 127.0.0.1. Set HOST=0.0.0.0 when the gateway runs on another host.
 */
export const DEFAULT_SUBGRAPH_HOST = '127.0.0.1';

export type DatabaseChoice =
  | { readonly backend: 'postgres'; readonly url: string; /** The variable it came from, for the log. */ readonly variable: string }
  | { readonly backend: 'pglite'; readonly dataDir: string };

export interface SubgraphRunConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseChoice;
  readonly seed: SeedOptions | false;
}

/**
 * What a subgraph started on its own reads from the environment: PORT (default its own port), HOST (default
 * 127.0.0.1), <NAME>_DATABASE_URL or DATABASE_URL (else PGlite in <NTG_DATA_DIR or .data>/<name>, relative to the
 * workspace root), SEED, SEED_SCALE and NTG_SEED. Throws a readable error on a malformed value.
 */
export function subgraphRunConfig(
  definition: Pick<SubgraphDefinition, 'name' | 'defaultPort'>,
  env: NodeJS.ProcessEnv = process.env,
  root: string = workspaceRoot(),
): SubgraphRunConfig {
  const url = databaseUrlFor(definition.name, env);
  const ownVariable = `${definition.name.toUpperCase()}_DATABASE_URL`;
  return {
    port: portFromEnv(env, definition.defaultPort),
    host: env.HOST?.trim() || DEFAULT_SUBGRAPH_HOST,
    database: url
      ? { backend: 'postgres', url, variable: env[ownVariable] ? ownVariable : 'DATABASE_URL' }
      : { backend: 'pglite', dataDir: resolve(dataRootDir(env, root), definition.name) },
    seed: seedFromEnv(env),
  };
}

/** The database as the ready line shows it: never the password. */
export function describeDatabase(choice: DatabaseChoice): string {
  if (choice.backend === 'pglite') return `pglite (${choice.dataDir})`;
  try {
    const url = new URL(choice.url);
    return `postgres (${choice.variable}: ${url.host}${url.pathname})`;
  } catch {
    return `postgres (${choice.variable})`;
  }
}

export interface RunSubgraphOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Stop on SIGTERM/SIGINT and exit, and exit 1 with a one-line reason when start-up fails (default true, for a
   * service process). In-process callers (tests) pass false and get a thrown error and stop() instead.
   */
  manageProcess?: boolean;
  log?: (message: string) => void;
}

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  readonly backend: Backend;
  /** Stops accepting, lets in-flight requests finish (at most 10 s), closes the database. */
  stop(): Promise<void>;
}

/** Starts one department subgraph as its own service, configured from the environment (see subgraphRunConfig). */
export async function runSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: RunSubgraphOptions = {},
): Promise<RunningSubgraph> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.log(message));
  const manageProcess = options.manageProcess ?? true;
  const startedAt = Date.now();
  // Until the server is up there is nothing to drain: a signal during migrations or seeding just ends the process.
  let stopService: () => Promise<void> = async () => {};
  if (manageProcess) exitOnTermination({ name: definition.name, stop: () => stopService(), log });
  let database: Database | undefined;
  try {
    const config = subgraphRunConfig(definition, env);
    const auth = await authFromEnv(env);
    database = await openSubgraphDatabase(
      definition,
      config.database.backend === 'postgres' ? { url: config.database.url } : { dataDir: config.database.dataDir },
    );
    if (config.seed && definition.seed) {
      const written = await definition.seed(database, config.seed);
      if (Object.keys(written).length > 0) log(`${definition.name}: seeded synthetic ${JSON.stringify(written)}`);
    }
    const started = await startSubgraph(definition, { database, port: config.port, host: config.host, auth: auth.verifier });
    const opened = database;
    const running: RunningSubgraph = {
      name: definition.name,
      url: started.url,
      backend: opened.backend,
      async stop() {
        await started.stop();
        await opened.close();
      },
    };
    stopService = () => running.stop();
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    log(`${definition.name}: ready at ${started.url} on ${describeDatabase(config.database)}, tokens from ${auth.source} (${seconds} s)`);
    return running;
  } catch (error) {
    await database?.close().catch(() => {});
    if (!manageProcess) throw error;
    reportStartFailure(definition.name, error);
    process.exit(1);
  }
}

/** One line for a configuration mistake; the whole error otherwise (a database that refuses, a bad migration). */
export function reportStartFailure(name: string, error: unknown): void {
  if (error instanceof ConfigError) console.error(`${name}: could not start: ${error.message}`);
  else console.error(`${name}: could not start:`, error);
}
