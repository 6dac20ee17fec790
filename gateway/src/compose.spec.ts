import { describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose';
import { readCommittedSupergraph } from './supergraph';
import { subgraphs } from './subgraphs';

describe('supergraph composition', () => {
  const { supergraphSdl, errors } = composeSupergraph();

  it('composes every department subgraph without errors', () => {
    expect(errors).toEqual([]);
    expect(subgraphs.map((s) => s.name)).toEqual(['dolisa', 'agriculture', 'finance', 'ethnic', 'front']);
    for (const s of subgraphs) expect(supergraphSdl).toContain(`@join__graph(name: "${s.name}"`);
  });

  it('matches the committed gateway/supergraph.graphql (run `pnpm compose` after changing a schema)', () => {
    expect(readCommittedSupergraph()).toBe(supergraphSdl);
  });
});
