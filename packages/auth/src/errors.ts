import { GraphQLError } from 'graphql';

export const AUTH_REALM = 'ninh-thuan-poverty-graph';

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

/** Authenticated, but the policy does not allow it. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
