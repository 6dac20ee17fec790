import type { DocumentNode } from 'graphql';
import { SUPERGRAPH_PATH } from '@ntg/gateway';
import { composeSupergraph, defaultSubgraphUrl, subgraphs } from '@ntg/gateway/composition';
import { fullTypeDefs } from '@ntg/subgraph-kit';

/**
 * The one place this tool learns what the gateway composes: the department list, each subgraph's SDL as the
 * working tree has it, and the committed supergraph's path. Composition may move out of gateway/; only this
 * file follows it (graph-source.spec.ts checks that composing these SDLs gives what the gateway's own
 * composition gives).
 */
export interface SubgraphSdl {
  readonly name: string;
  readonly url: string;
  /** The complete SDL composition reads: the department's schema.graphql plus the shared scalars and units. */
  readonly typeDefs: DocumentNode;
}

export function workingTreeSubgraphs(): SubgraphSdl[] {
  return subgraphs.map((s) => ({ name: s.name, url: defaultSubgraphUrl(s), typeDefs: fullTypeDefs(s) }));
}

export { SUPERGRAPH_PATH, composeSupergraph };
