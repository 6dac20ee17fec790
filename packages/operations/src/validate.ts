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

export function describeProblem(problem: OperationProblem): string {
  return `${problem.operation} (${problem.file}${problem.line ? `:${problem.line}` : ''}): ${problem.message}`;
}
