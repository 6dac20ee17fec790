import { graphql, type ExecutionResult } from 'graphql';
import { createScratchDatabase, type Database } from '@ntg/db';
import { PROVINCE_ANALYST, type Caller } from './auth';
import { buildSchema, createRequestContext, openSubgraphDatabase, type SubgraphContext, type SubgraphDefinition } from './subgraph';

export interface ExecuteOptions {
  /**
   * Who runs the operation (`testCaller({ department: 'DOLISA', role: 'officer', area: '22783' })`). Default: a
   * province-wide analyst of the provincial leadership, who reads everything but personal data and writes nothing.
   * null runs without a caller (every policy-guarded field then answers UNAUTHENTICATED).
   */
  caller?: Caller | null;
}

/**
 * A subgraph on a fresh database for one spec file: PGlite in memory, or a scratch database on the
 * PostgreSQL server when DATABASE_URL is set, so the same spec runs on both backends.
 */
export async function openTestSubgraph<TContext extends SubgraphContext>(definition: SubgraphDefinition<TContext>) {
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
      options: ExecuteOptions = {},
    ): Promise<ExecutionResult<T>> {
      const caller = options.caller === undefined ? PROVINCE_ANALYST : options.caller;
      const contextValue = caller
        ? createRequestContext(definition, database, caller)
        : definition.createContext(database);
      return (await graphql({ schema, source, variableValues, contextValue })) as ExecutionResult<T>;
    },
    async close() {
      await database.close();
      await scratch?.drop();
    },
  };
}
