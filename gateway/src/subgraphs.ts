import type { SubgraphDefinition } from '@ntg/subgraph-kit';
import { dolisa } from '@ntg/subgraph-dolisa';
import { agriculture } from '@ntg/subgraph-agriculture';
import { finance } from '@ntg/subgraph-finance';
import { ethnic } from '@ntg/subgraph-ethnic';
import { front } from '@ntg/subgraph-front';

/** Every department subgraph the gateway composes. A new department adds one line here. */
export const subgraphs: readonly SubgraphDefinition<any>[] = [dolisa, agriculture, finance, ethnic, front];

/** Where the committed supergraph says each subgraph lives; override per subgraph with DOLISA_URL etc. */
export function defaultSubgraphUrl(definition: Pick<SubgraphDefinition, 'defaultPort'>): string {
  return `http://127.0.0.1:${definition.defaultPort}/graphql`;
}

export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const s of subgraphs) {
    const url = env[`${s.name.toUpperCase()}_URL`];
    if (url) urls[s.name] = url;
  }
  return urls;
}
