import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES } from '@ntg/errors';

/** Codes whose message was written for the caller; every other error is reported generically. */
const PUBLIC_CODES = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Whether an error code marks a message written for the caller (kept as it is). */
export function isPublicCode(code: unknown): code is string {
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

/**
 * GraphQL errors raised on purpose keep their message, code and field; anything else (a driver error quoting
 * SQL, a bug) is logged and reaches the caller only as INTERNAL_SERVER_ERROR. Stack traces never leave.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error('[graph] internal error:', original);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
