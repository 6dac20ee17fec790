import { fileURLToPath } from 'node:url';

/**
 * Where the repository keeps the files the graph's users share: the saved operations and the committed
 * supergraph. Read here rather than through @ntg/gateway so that `pnpm run query` starts without loading every
 * subgraph; operations.spec.ts checks that the supergraph path still matches the gateway's.
 */
export const QUERIES_DIR = fileURLToPath(new URL('../../../queries/', import.meta.url));
export const COMMITTED_SUPERGRAPH_PATH = fileURLToPath(new URL('../../../gateway/supergraph.graphql', import.meta.url));
