import { GraphQLError } from 'graphql';
import { isPublicCode } from '@ntg/subgraph-kit';

/**
 * A subgraph refuses a request it cannot even execute with HTTP 400 and its own error in the body: a variable the
 * gateway passed on unchecked (the gateway does not know the kit's scalars, so `approved: 1.5` reaches the subgraph,
 * whose Vnd scalar rejects it). @apollo/gateway would report "400: Bad Request" as an internal error; this lifts the
 * subgraph's own error (BAD_USER_INPUT with its message) when it carries a public code, so the caller learns what
 * was wrong. Anything else stays the gateway's error.
 */
export function subgraphRefusal(error: GraphQLError): GraphQLError {
  const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
  const first = (body as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined)?.errors?.[0];
  if (typeof first?.message !== 'string' || !isPublicCode(first.extensions?.code)) return error;
  return new GraphQLError(first.message, { extensions: { ...first.extensions } });
}
