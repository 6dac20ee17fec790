import { GraphQLError } from 'graphql';

/** The error codes of the graph map; every error a resolver throws carries one of these. */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

/** `field` is the path of the offending input, e.g. "input.assessment.income". */
export function graphError(code: ErrorCode, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field ? { code, field } : { code } });
}

export const badUserInput = (message: string, field: string) => graphError('BAD_USER_INPUT', message, field);
export const notFound = (message: string, field?: string) => graphError('NOT_FOUND', message, field);
export const conflict = (message: string, field?: string) => graphError('CONFLICT', message, field);
export const forbidden = (message: string, field?: string) => graphError('FORBIDDEN', message, field);
