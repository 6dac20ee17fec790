import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedApiSchema } from '@ntg/operations';
import { knownIds, runFuzz } from './fuzz/fuzz';
import { ANALYST, startTestGraph, type TestGraph } from './support/graph';

/**
 * Property-based fuzzing through the gateway (a few hundred cases here; `pnpm fuzz` runs 10,000): every mutation and
 * argument, every caller. No answer may be an internal error or a 5xx, and a request that failed must leave every
 * database as it was, apart from the DENIED audit entry a refusal writes.
 */
describe('fuzzing every mutation and argument through the gateway', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ seed: 2023, scale: 0.005 });
  });
  afterAll(() => graph?.stop());

  it('never answers with an internal error, never writes half a change', async () => {
    const cases = Number(process.env.FUZZ_CASES ?? 300);
    const known = await knownIds(graph.url, await graph.headersFor(ANALYST));
    const tally = await runFuzz(
      { url: graph.url, headersFor: (claims) => graph.headersFor(claims), databases: graph.subgraphs.map((s) => s.database) },
      committedApiSchema(), known, { cases, seed: Number(process.env.FUZZ_SEED ?? 20231) },
    );
    expect(tally.cases).toBe(cases);
    expect(tally.internalErrors).toEqual([]);
    expect(tally.serverErrors).toEqual([]);
    expect(tally.malformed).toEqual([]);
    expect(tally.partialWrites).toEqual([]);
    // The cases did reach past validation: some answers succeeded and some were refused by policy.
    expect(tally.outcomes.ok ?? 0).toBeGreaterThan(0);
    expect(tally.outcomes['error:FORBIDDEN'] ?? 0).toBeGreaterThan(0);
  }, 900_000);
});
