import type { SubgraphDefinition } from '@ntg/subgraph-kit';
import { dolisa } from '@ntg/subgraph-dolisa';
import { agriculture } from '@ntg/subgraph-agriculture';
import { finance } from '@ntg/subgraph-finance';
import { ethnic } from '@ntg/subgraph-ethnic';
import { front } from '@ntg/subgraph-front';

/** Every department subgraph the gateway composes. A new department adds one line here. */
export const subgraphs: readonly SubgraphDefinition<any>[] = [dolisa, agriculture, finance, ethnic, front];

/** Where the committed supergraph says each subgraph lives (startGateway takes overrides by name). */
export function defaultSubgraphUrl(definition: Pick<SubgraphDefinition, 'defaultPort'>): string {
  return `http://127.0.0.1:${definition.defaultPort}/graphql`;
}

