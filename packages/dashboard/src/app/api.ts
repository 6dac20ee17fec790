// The dashboard's only way to the graph: the typed documents of @ntg/graph-client (generated from queries/),
// POSTed to the gateway's GraphQL path on this origin with the token kept in this browser.
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

const TOKEN_KEY = 'ntg-dashboard:token';
/** The explorer's key: a token pasted there is used here too (same origin), until one is pasted here. */
const EXPLORER_TOKEN_KEY = 'ntg-explorer:token';

export function storedToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(EXPLORER_TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keeps the token (a pasted "Bearer " prefix dropped); an empty one forgets it. Returns what was kept. */
export function storeToken(input: string): string {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the token still works for this page.
  }
  return token;
}

export interface GraphError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; serviceName?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: readonly GraphError[];
  /** The HTTP status: 401 when the token is missing, invalid or expired. */
  status: number;
}

/** The gateway's GraphQL path, written into the page by the route that serves it. */
function graphqlPath(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="ntg-graphql-path"]')?.content || '/graphql';
}

const printed = new WeakMap<object, string>();

/** Runs one typed operation; the result and variables types come from the document. */
export async function run<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<Answer<TResult>> {
  let query = printed.get(document);
  if (!query) printed.set(document, (query = print(document)));
  const response = await fetch(graphqlPath(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: TResult | null; errors?: GraphError[] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = { errors: [{ message: `HTTP ${response.status}` }] };
  }
  return { data: body.data ?? null, errors: body.errors ?? [], status: response.status };
}
