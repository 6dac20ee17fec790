import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { plannedModels } from '@ntg/synthetic';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { agriculture } from '../index';

describe('seedAgriculture', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture);
  });
  afterAll(() => subgraph?.close());

  it('writes synthetic rows once, for the planned models only, and the graph reads them back', async () => {
    const written = await agriculture.seed!(subgraph.database, { seed: 7, scale: 0.01 });
    expect(written.technicalSupports).toBeGreaterThan(0);
    expect(await agriculture.seed!(subgraph.database, { seed: 7, scale: 0.01 })).toEqual({});

    const rows = await subgraph.database.rows<{ model_id: string; synthetic: boolean }>(
      sql`select model_id, synthetic from agriculture.technical_supports
        union all select model_id, synthetic from agriculture.offtake_agreements`,
    );
    const modelIds = new Set(plannedModels(7).map((m) => m.id));
    expect(rows.length).toBe(written.technicalSupports! + written.offtakeAgreements!);
    expect(rows.every((r) => modelIds.has(r.model_id) && r.synthetic)).toBe(true);

    const model = plannedModels(7)[0]!;
    const result = await subgraph.execute<{ _entities: { technicalSupports: { synthetic: boolean }[] }[] }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel { technicalSupports { synthetic } } } }`,
      { reps: [{ __typename: 'LivelihoodModel', id: model.id }] },
    );
    expect(result.errors).toBeUndefined();
    const supports = result.data!._entities[0]!.technicalSupports;
    expect(supports.length).toBeGreaterThanOrEqual(2);
    expect(supports.every((s) => s.synthetic)).toBe(true);
  });
});
