export { startGateway, type GatewayOptions, type GatewayContext } from './gateway';
export { DEFAULT_LIMITS, limitsFromEnv, measureOperation, checkLimits, queryLimitsPlugin, type QueryLimits, type OperationMeasure } from './limits';
export { composeSupergraph, readCommittedSupergraph, SUPERGRAPH_PATH } from './compose';
export { subgraphs, defaultSubgraphUrl } from './subgraphs';
export { startGraph, type RunningGraph, type StartGraphOptions } from './graph';
