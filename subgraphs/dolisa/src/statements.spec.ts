import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from './index';

/** No N+1: the statements a nested dashboard query runs do not grow with the number of units or models. */
describe('SQL statements per request', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await dolisa.seed!(subgraph.database, { seed: 2023, scale: 0.01 });
  });
  afterAll(() => subgraph?.close());

  const selection = `communes { povertyStats(year: 2024) { poor poorRate } livelihoodModels { status participants { enrolledOn } outcome { participants escapedPoverty } evaluation { rating } } }`;
  async function statementsFor(source: string): Promise<{ count: number; data: any }> {
    subgraph.database.statements.reset();
    const result = await subgraph.execute<any>(source);
    expect(result.errors).toBeUndefined();
    return { count: subgraph.database.statements.count, data: result.data };
  }

  it('is the same for one district as for all seven', async () => {
    const one = await statementsFor(`{ district(code: "584") { ${selection} } }`);
    const all = await statementsFor(`{ province { districts { ${selection} } } }`);
    expect(one.data.district.communes).toHaveLength(9);
    const models = all.data.province.districts.flatMap((d: any) => d.communes.flatMap((c: any) => c.livelihoodModels));
    expect(models.length).toBeGreaterThan(50);
    expect(all.count).toBe(one.count);
    // povertyStats 1, models of units 2, participants 1, outcome 1, evaluations 1
    expect(all.count).toBeLessThanOrEqual(6);
  });

  it('is the same for one household page as for a page in every commune', async () => {
    const one = await statementsFor(`{ commune(code: "22783") { households(first: 5, year: 2024) { totalCount edges { node { id assessments { classification } } } } } }`);
    const all = await statementsFor(`{ communes { households(first: 5, year: 2024) { totalCount edges { node { id assessments { classification } } } } } }`);
    expect(all.data.communes.every((c: any) => c.households.edges.length === 5)).toBe(true);
    expect(all.count).toBe(one.count);
  });
});
