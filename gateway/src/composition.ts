// Composition tooling (`@ntg/gateway/composition`): the only part of the gateway that imports the subgraph packages.
export { composeSupergraph } from './compose';
export { subgraphs, defaultSubgraphUrl } from './subgraphs';
