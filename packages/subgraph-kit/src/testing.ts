import { graphql, type ExecutionResult } from 'graphql';
import { createScratchDatabase, type Database } from '@ntg/db';
import { buildSchema, openSubgraphDatabase, type SubgraphContext, type SubgraphDefinition } from './subgraph';

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
    /** Runs an operation the way the subgraph's HTTP endpoint would, with a fresh request context. */
    async execute<T = Record<string, unknown>>(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<T>> {
      return (await graphql({ schema, source, variableValues, contextValue: definition.createContext(database) })) as ExecutionResult<T>;
    },
    async close() {
      await database.close();
      await scratch?.drop();
    },
  };
}
