import { GraphQLError } from 'graphql';

/**
 * The error codes of the graph map. Every error raised on purpose carries one; anything else reaches a caller
 * only as INTERNAL_SERVER_ERROR.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE', 'QUERY_LIMIT_EXCEEDED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const AUTH_REALM = 'ninh-thuan-poverty-graph';

/**
 * A rule of the domain said no: the typed error every service throws. It is a GraphQLError, so it reaches a
 * GraphQL caller with its code and the path of the offending input field (`extensions.field`, e.g.
 * "input.assessedOn"); a batch import or the seed reads `code` and `field` directly.
 */
export class DomainError extends GraphQLError {
  override name = 'DomainError';
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...(field ? { field } : {}), ...extra } });
    this.code = code;
    this.field = field;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const badUserInput = (message: string, field: string) => new DomainError('BAD_USER_INPUT', message, field);
export const notFound = (message: string, field?: string) => new DomainError('NOT_FOUND', message, field);
export const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, field);
/** Authenticated, but the policy does not allow it. */
export const forbidden = (message: string, field?: string) => new DomainError('FORBIDDEN', message, field);
/** Another department's data was needed to decide and could not be had: the write is refused, never guessed. */
export const serviceUnavailable = (message: string, service?: string) =>
  new DomainError('SERVICE_UNAVAILABLE', message, undefined, service ? { serviceName: service } : {});

/**
 * No valid token. Thrown while building a request's context it becomes an HTTP 401 with a
 * `WWW-Authenticate: Bearer` challenge (Apollo Server reads `extensions.http` and strips it from the answer).
 */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new Map([['www-authenticate', `Bearer realm="${AUTH_REALM}"`]]) },
    },
  });
}

/** A condition on the caller's input: BAD_USER_INPUT naming the field when it does not hold. */
export function check(condition: boolean, message: string, field: string): asserts condition {
  if (!condition) throw badUserInput(message, field);
}
