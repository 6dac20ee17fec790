import { describe, expect, it } from 'vitest';
import { discoverResolverTypeConfigs, staleResolverTypes } from './codegen';

describe('generated resolver types', () => {
  it('exist for every subgraph and match its schema.graphql (run `pnpm codegen` after changing a schema)', async () => {
    const names = (await discoverResolverTypeConfigs()).map((c) => c.name);
    expect(names).toEqual(['agriculture', 'dolisa', 'ethnic', 'finance', 'front']);
    expect(await staleResolverTypes()).toEqual([]);
  }, 60_000);
});
