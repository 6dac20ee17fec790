// Excluded from pnpm typecheck (tsconfig.json): the types of @graphql-hive/gateway bring in a second @types/node.
// Baseline (a): Hive Gateway (@graphql-hive/gateway from npm) serving the same supergraph in front of the same
// subgraph processes as our gateway. It forwards the caller's authorization header to every subgraph and does
// nothing else of ours: no token verification at the gateway (the subgraphs still verify it), none of our query
// limits (depth, aliases, tokens, cost), no custom-scalar checks before planning, no GraphiQL, no /export/.
// Run by bench/run.ts as its own process: SUPERGRAPH_FILE (subgraph URLs already pointing at the bench's ports), PORT.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const supergraph = readFileSync(process.env.SUPERGRAPH_FILE!, 'utf8');
// Hive Gateway sends identical subgraph requests in flight at once only once by default; HIVE_DEDUPLICATE=false
// turns that off, so both gateways can be compared with and without it.
const deduplicate = process.env.HIVE_DEDUPLICATE !== 'false';
const runtime = createGatewayRuntime({
  supergraph,
  ...(deduplicate ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
  logging: 'error',
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
  },
});
const server = createServer(runtime);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`hive-gateway: ready on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
