/**
 * Hive Gateway (`@graphql-hive/gateway`) in front of the department subgraphs, serving the committed
 * gateway/supergraph.graphql unchanged:
 *
 *   cd deploy/hive-gateway && npx hive-gateway supergraph ../../gateway/supergraph.graphql --port 4000
 *
 * - The caller's bearer token is forwarded to every subgraph; each subgraph verifies it and applies its own
 *   policy and query limits (depth, aliases, tokens, cost, page size), so the graph is as safe behind this
 *   gateway as behind ours. Hive Gateway itself verifies nothing here: a call without a token is refused by the
 *   subgraphs (UNAUTHENTICATED), not by the gateway.
 * - `<NAME>_URL` (DOLISA_URL, FINANCE_URL…) calls a subgraph somewhere other than the URL the supergraph names,
 *   as our gateway does.
 *
 * No import of '@graphql-hive/gateway' (defineConfig only types the object): the file loads wherever the CLI runs.
 */
const SUBGRAPH_URL = /^([A-Z][A-Z0-9_]*)_URL$/;
const NOT_SUBGRAPHS = new Set(['GRAPH', 'DATABASE', 'AUTH_JWKS']);

function subgraphLocations(env: Record<string, string | undefined>): Record<string, { location: string }> {
  const entries: Record<string, { location: string }> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = SUBGRAPH_URL.exec(name);
    if (!match || !value || NOT_SUBGRAPHS.has(match[1]!) || match[1]!.endsWith('_DATABASE')) continue;
    entries[match[1]!.toLowerCase()] = { location: value };
  }
  return entries;
}

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }: { request: Request }) {
      return { authorization: request.headers.get('authorization') ?? undefined };
    },
  },
  transportEntries: subgraphLocations(process.env),
  // The subgraphs answer /health for their own readiness; the gateway's are /healthcheck and /readiness.
  graphqlEndpoint: '/graphql',
};
