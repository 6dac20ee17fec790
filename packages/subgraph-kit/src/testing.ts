import { graphql, type ExecutionResult } from 'graphql';
import { createScratchDatabase, type Database } from '@ntg/db';
import { serviceUnavailable } from '@ntg/errors';
import { PROVINCE_ANALYST, type Caller } from './auth';
import type { GraphClient } from './graph-client';
import { buildSchema, createRequestContext, openSubgraphDatabase, type SubgraphContext, type SubgraphDefinition } from './subgraph';

export interface ExecuteOptions {
  /**
   * Who runs the operation (`testCaller({ department: 'DOLISA', role: 'officer', area: '22783' })`). Default: a
   * province-wide analyst of the leadership, who reads everything but personal data and writes nothing.
   * null runs without a caller (every policy-guarded field then answers UNAUTHENTICATED).
   */
  caller?: Caller | null;
}

export interface TestSubgraphOptions {
  /**
   * What the subgraph reads from other departments at write time. A subgraph test has no graph around it: give
   * a stub answering the lookups the test needs (`stubGraph({...})`); by default every lookup is unavailable.
   */
  graph?: GraphClient;
}

/** A graph that answers queries from a function (lookups in subgraph tests); the real path is tested in test/. */
export function stubGraph(answer: (source: string, variables: Record<string, unknown>) => unknown): GraphClient {
  return { query: async <TData>(source: string, variables: Record<string, unknown> = {}) => answer(source, variables) as TData };
}

const NO_GRAPH: GraphClient = {
  query: async () => {
    throw serviceUnavailable('No graph in this subgraph test: pass openTestSubgraph(definition, { graph: stubGraph(...) })');
  },
};

/**
 * A subgraph on a fresh database for one spec file: PGlite in memory, or a scratch database on the
 * PostgreSQL server when DATABASE_URL is set, so the same spec runs on both backends.
 */
export async function openTestSubgraph<TContext extends SubgraphContext>(definition: SubgraphDefinition<TContext>, options: TestSubgraphOptions = {}) {
  const scratch = await createScratchDatabase();
  const database: Database = await openSubgraphDatabase(definition, { dataDir: 'memory', url: scratch?.url });
  const schema = buildSchema(definition);
  return {
    database,
    schema,
    /** Runs an operation the way the subgraph's HTTP endpoint would, with a fresh request context for the caller. */
    async execute<T = Record<string, unknown>>(
      source: string,
      variableValues?: Record<string, unknown>,
      executeOptions: ExecuteOptions = {},
    ): Promise<ExecutionResult<T>> {
      const caller = executeOptions.caller === undefined ? PROVINCE_ANALYST : executeOptions.caller;
      const contextValue = createRequestContext(definition, database, caller ?? undefined, { graph: options.graph ?? NO_GRAPH });
      return (await graphql({ schema, source, variableValues, contextValue })) as ExecutionResult<T>;
    },
    async close() {
      await database.close();
      await scratch?.drop();
    },
  };
}
