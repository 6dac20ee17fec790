export { startGateway, type GatewayOptions } from './gateway';
export { composeSupergraph, readCommittedSupergraph, SUPERGRAPH_PATH } from './compose';
export { subgraphs, defaultSubgraphUrl, subgraphUrlsFromEnv } from './subgraphs';
export { startGraph, type RunningGraph, type StartGraphOptions } from './graph';
