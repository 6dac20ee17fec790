import { relative } from 'node:path';
import { validate, type GraphQLSchema } from 'graphql';
import type { SavedOperation } from './saved';

export interface OperationProblem {
  readonly operation: string;
  readonly file: string;
  /** graphql-js's message, e.g. `Cannot query field "poorRate" on type "PovertyStats".` */
  readonly message: string;
  /** Line in the file, when graphql-js knows it. */
  readonly line?: number;
}

/** The validation errors of each operation against a schema (the committed API schema, or a proposed one). */
export function validateOperations(schema: GraphQLSchema, operations: readonly SavedOperation[]): OperationProblem[] {
  return operations.flatMap((saved) =>
    validate(schema, saved.document).map((error) => ({
      operation: saved.operationName,
      file: saved.file,
      message: error.message,
      ...(error.locations?.[0] ? { line: error.locations[0].line } : {}),
    })),
  );
}

/** `CommuneDashboard (queries/commune-dashboard.graphql:13): Cannot query field…`, the file relative to the working directory. */
export function describeProblem(problem: OperationProblem): string {
  const file = relative(process.cwd(), problem.file) || problem.file;
  return `${problem.operation} (${file}${problem.line ? `:${problem.line}` : ''}): ${problem.message}`;
}
