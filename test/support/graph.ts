import { createScratchDatabase, type Database } from '@ntg/db';
import type { QueryLimits } from '@ntg/gateway';
import { startGraph } from '@ntg/launcher';
import { createVerifier, generateKeys, mintToken, type MintOptions, type TokenClaims } from '@ntg/subgraph-kit';
import { startSplitTestGraph } from './split-graph';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** What tests use of a subgraph, in either layout. */
export interface TestSubgraph {
  readonly name: string;
  /** Its GraphQL URL (in the split layout, a proxy in front of it that counts its requests). */
  readonly url: string;
  /** GraphQL requests it received so far. */
  readonly requests: () => number;
  /** Its database; `statements` counts the SQL statements the subgraph runs. */
  readonly database: Database;
}

/**
 * `GRAPH_LAYOUT=split`: every subgraph and the gateway a process of its own, each department on a scratch database
 * of its own (needs DATABASE_URL); default `single`: the whole graph in the test process.
 */
export type GraphLayout = 'single' | 'split';

export function graphLayout(env: NodeJS.ProcessEnv = process.env): GraphLayout {
  const layout = env.GRAPH_LAYOUT?.trim() || 'single';
  if (layout !== 'single' && layout !== 'split') throw new Error(`GRAPH_LAYOUT must be "single" or "split", got "${layout}"`);
  return layout;
}

export interface TestGraph {
  readonly layout: GraphLayout;
  /** The gateway's GraphQL URL. */
  readonly url: string;
  readonly subgraphs: readonly TestSubgraph[];
  database(name: string): Database;
  stop(): Promise<void>;
  /** POSTs to the gateway; send a token with `graph.headersFor(ANALYST)`. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Mints a token the gateway and the subgraphs accept (the run's own in-memory key pair). */
  tokenFor(claims: TokenClaims, options?: MintOptions): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for the claims. */
  headersFor(claims: TokenClaims, options?: MintOptions): Promise<Record<string, string>>;
  /** Key pair of this run, to sign tokens the graph must reject (tests of forged tokens use another one). */
  readonly keys: Awaited<ReturnType<typeof generateKeys>>;
}

export const TEST_SEED = { seed: 2023, scale: 0.02 } as const;

/** Demo callers: a province-wide analyst of the leadership reads everything but personal data. */
export const ANALYST: TokenClaims = { department: 'PROVINCE', role: 'analyst', area: '58', subject: 'test-analyst' };
export const DOLISA_OFFICER: TokenClaims = { department: 'DOLISA', role: 'officer', area: '58', subject: 'test-dolisa-officer' };

export interface TestGraphOptions {
  /** Gateway query limits (the single layout only: the split layout's gateway reads GRAPH_MAX_* like any deployment). */
  limits?: QueryLimits;
  introspection?: boolean;
}

/**
 * The whole graph as clients see it: five subgraphs and the gateway on free ports, over real HTTP, verifying
 * tokens signed by a key pair made for this run. With DATABASE_URL the subgraphs share one scratch database
 * (one schema each) that is dropped afterwards. Under GRAPH_LAYOUT=split each service is a process of its own and
 * each department has a scratch database of its own (see startSplitTestGraph).
 */
export async function startTestGraph(seed: { seed: number; scale: number } | false = TEST_SEED, options: TestGraphOptions = {}): Promise<TestGraph> {
  const layout = graphLayout();
  if (layout === 'split') {
    if (options.limits) throw new Error('startTestGraph: custom limits are not supported in the split layout');
    const split = await startSplitTestGraph({ seed, introspection: options.introspection });
    return withClient(split.url, split.keys, {
      layout,
      url: split.url,
      subgraphs: split.subgraphs,
      database: (name) => databaseNamed(split.subgraphs, name),
      stop: () => split.stop(),
    });
  }
  const keys = await generateKeys();
  const scratch = await createScratchDatabase();
  const graph = await startGraph({
    port: 0, subgraphPorts: 0, host: '127.0.0.1', dataDir: 'memory', databaseUrl: scratch?.url, seed,
    auth: createVerifier({ publicKey: keys.publicKey }),
    ...options,
  });
  return withClient(graph.url, keys, {
    layout,
    url: graph.url,
    subgraphs: graph.subgraphs,
    database: (name) => graph.database(name),
    async stop() {
      await graph.stop();
      await scratch?.drop();
    },
  });
}

type TestGraphCore = Pick<TestGraph, 'layout' | 'url' | 'subgraphs' | 'database' | 'stop'>;

function withClient(url: string, keys: TestGraph['keys'], core: TestGraphCore): TestGraph {
  const tokenFor = (claims: TokenClaims, mint?: MintOptions) => mintToken(claims, keys.privateKey, { expiresIn: '1h', ...mint });
  return {
    ...core,
    keys,
    tokenFor,
    async headersFor(claims, mint) {
      return { authorization: `Bearer ${await tokenFor(claims, mint)}` };
    },
    async query(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
  };
}

function databaseNamed(subgraphs: readonly TestSubgraph[], name: string): Database {
  const found = subgraphs.find((s) => s.name === name);
  if (!found) throw new Error(`no subgraph ${name}`);
  return found.database;
}
