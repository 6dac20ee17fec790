import { describe, expect, it } from 'vitest';
import { gatewayRunConfig } from './run';
import { readCommittedSupergraph, supergraphSubgraphs, subgraphUrlsFromEnv } from './supergraph';

describe('the gateway run from the environment', () => {
  it('knows every subgraph and its composed URL from the committed supergraph alone', () => {
    expect(supergraphSubgraphs(readCommittedSupergraph())).toEqual([
      { name: 'agriculture', url: 'http://127.0.0.1:4002/graphql' },
      { name: 'dolisa', url: 'http://127.0.0.1:4001/graphql' },
      { name: 'ethnic', url: 'http://127.0.0.1:4004/graphql' },
      { name: 'finance', url: 'http://127.0.0.1:4003/graphql' },
      { name: 'front', url: 'http://127.0.0.1:4005/graphql' },
    ]);
  });

  it('listens on PORT (default 4000) and takes <NAME>_URL over the composed URL of each subgraph', () => {
    expect(gatewayRunConfig({})).toMatchObject({ port: 4000, host: undefined });
    const config = gatewayRunConfig({ PORT: '8080', HOST: '0.0.0.0', DOLISA_URL: 'http://dolisa.internal:4001/graphql', FRONT_URL: ' ' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0' });
    expect(config.subgraphUrls).toEqual({
      agriculture: 'http://127.0.0.1:4002/graphql',
      dolisa: 'http://dolisa.internal:4001/graphql',
      ethnic: 'http://127.0.0.1:4004/graphql',
      finance: 'http://127.0.0.1:4003/graphql',
      front: 'http://127.0.0.1:4005/graphql',
    });
  });

  it('refuses a <NAME>_URL that is not a URL', () => {
    const finance = [{ name: 'finance', url: 'http://127.0.0.1:4003/graphql' }];
    for (const value of ['not a url', '127.0.0.1:4003', 'localhost:4003/graphql']) {
      expect(() => subgraphUrlsFromEnv(finance, { FINANCE_URL: value })).toThrow(/FINANCE_URL must be an http\(s\) URL/);
    }
    expect(subgraphUrlsFromEnv(finance, { FINANCE_URL: 'https://finance.example/graphql' })).toEqual({ finance: 'https://finance.example/graphql' });
  });
});
