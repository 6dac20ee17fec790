import { createScratchDatabase } from '@ntg/db';
import { startGraph, type RunningGraph } from '@ntg/gateway';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGraph extends RunningGraph {
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

export const TEST_SEED = { seed: 2023, scale: 0.02 } as const;

/**
 * The whole graph as clients see it: five subgraphs and the gateway on free ports, over real HTTP. With
 * DATABASE_URL the subgraphs share one scratch database (one schema each) that is dropped afterwards.
 */
export async function startTestGraph(seed: { seed: number; scale: number } | false = TEST_SEED): Promise<TestGraph> {
  const scratch = await createScratchDatabase();
  const graph = await startGraph({ port: 0, subgraphPorts: 0, host: '127.0.0.1', dataDir: 'memory', databaseUrl: scratch?.url, seed });
  return {
    ...graph,
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
