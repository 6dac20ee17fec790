import { createScratchDatabase } from '@ntg/db';
import type { QueryLimits } from '@ntg/gateway';
import { startGraph, type RunningGraph } from '@ntg/launcher';
import { createVerifier, generateKeys, mintToken, type MintOptions, type TokenClaims } from '@ntg/subgraph-kit';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGraph extends RunningGraph {
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
  limits?: QueryLimits;
  introspection?: boolean;
}

/**
 * The whole graph as clients see it: five subgraphs and the gateway on free ports, over real HTTP, verifying
 * tokens signed by a key pair made for this run. With DATABASE_URL the subgraphs share one scratch database
 * (one schema each) that is dropped afterwards.
 */
export async function startTestGraph(seed: { seed: number; scale: number } | false = TEST_SEED, options: TestGraphOptions = {}): Promise<TestGraph> {
  const keys = await generateKeys();
  const scratch = await createScratchDatabase();
  const graph = await startGraph({
    port: 0, subgraphPorts: 0, host: '127.0.0.1', dataDir: 'memory', databaseUrl: scratch?.url, seed,
    auth: createVerifier({ publicKey: keys.publicKey }),
    ...options,
  });
  const tokenFor = (claims: TokenClaims, mint?: MintOptions) => mintToken(claims, keys.privateKey, { expiresIn: '1h', ...mint });
  return {
    ...graph,
    keys,
    tokenFor,
    async headersFor(claims, mint) {
      return { authorization: `Bearer ${await tokenFor(claims, mint)}` };
    },
    async query(query, variables, headers = {}) {
      const response = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    async stop() {
      await graph.stop();
      await scratch?.drop();
    },
  };
}
