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
 * Codes of a database that stopped answering (postgres.js, Node's socket, PostgreSQL's own) or is out of room for
 * us (53300 too many connections, 53000/53200 out of resources or memory, 57014 a statement cancelled by its
 * timeout) rather than a bug.
 */
const UNAVAILABLE = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET',
  '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300', '53000', '53200', '57014',
]);

/** 40P01 deadlock detected, 40001 serialisation failure: the transaction was rolled back whole. */
const COLLIDED = new Set(['40P01', '40001']);

/** Whether the error, or one of its first causes (drivers wrap each other's errors), carries one of `codes`. */
function hasCodeIn(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && codes.has(e.code)) return true;
  }
  return false;
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
  if (hasCodeIn(original, UNAVAILABLE)) {
    // Not a bug: the database went away (a restart, a failover). Any transaction was rolled back, unless the
    // connection broke during its commit, so the caller is told to check before trying a write again.
    console.warn('[graph] database not answering:', (original as Error).message);
    return {
      message: 'The database is not answering; try again shortly (a write that was under way may or may not have been made: check before repeating it)',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  if (hasCodeIn(original, COLLIDED)) {
    // A deadlock or serialisation failure: PostgreSQL rolled the whole transaction back, so retrying is safe.
    console.warn('[graph] transaction collided:', (original as Error).message);
    return {
      message: 'A concurrent change collided with this one and nothing was written; try again',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'CONFLICT' },
    };
  }
  console.error('[graph] internal error:', original);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
