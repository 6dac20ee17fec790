// The gateway's run-time API. It imports no subgraph package; composition tooling is `@ntg/gateway/composition`.
export { startGateway, type GatewayOptions, type GatewayContext } from './gateway';
export { DEFAULT_LIMITS, limitsFromEnv, measureOperation, checkLimits, queryLimitsPlugin, type QueryLimits, type OperationMeasure } from '@ntg/subgraph-kit';
export { readCommittedSupergraph, supergraphSubgraphs, subgraphUrlsFromEnv, subgraphUrlVariable, SUPERGRAPH_PATH, type SupergraphSubgraph } from './supergraph';
export { DEFAULT_GATEWAY_PORT, gatewayRunConfig, runGateway, type GatewayRunConfig, type RunGatewayOptions, type RunningGateway } from './run';
