import type { GraphQLSchema } from 'graphql';
import type { SavedOperation } from '@ntg/operations';
import { flatten, type Table } from './flatten';
import { shapeOfOperation } from './shape';

/** A GraphQL answer as the gateway sends it. */
export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLAnswerError[];
}

export interface GraphQLAnswerError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** What a saved operation is sent as. */
export interface OperationRequest {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
}

export function requestFor(saved: SavedOperation, variables: Record<string, unknown>): OperationRequest {
  return { query: saved.source, operationName: saved.operationName, variables };
}

/** The answer's tables, shaped by the operation against the schema (so empty lists keep their columns). */
export function tablesOf(schema: GraphQLSchema, saved: SavedOperation, answer: GraphQLAnswer): Table[] {
  return flatten(answer.data ?? null, shapeOfOperation(schema, saved.document, saved.operationName));
}

/**
 * The file name stem of an export: the operation's name, then the variable values in the order the operation
 * declares them (`commune-dashboard-22783-2024`), in characters every file system and browser accepts.
 */
export function exportStem(saved: SavedOperation, variables: Record<string, unknown>): string {
  const values = (saved.operation.variableDefinitions ?? [])
    .map((d) => variables[d.variable.name.value])
    .filter((v) => v !== undefined && v !== null)
    .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return [saved.name, ...values].join('-').replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 120);
}

export function describeErrors(errors: readonly GraphQLAnswerError[]): string {
  return errors.map((e) => {
    const where = e.path?.length ? ` (at ${e.path.join('.')})` : '';
    const code = typeof e.extensions?.code === 'string' ? ` [${e.extensions.code}]` : '';
    const service = typeof e.extensions?.serviceName === 'string' ? ` from ${e.extensions.serviceName}` : '';
    return `${e.message}${where}${code}${service}`;
  }).join('\n');
}
