import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { plannedModels } from '@ntg/synthetic';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { finance } from '../index';

describe('seedFinance', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
  });
  afterAll(() => subgraph?.close());

  it('writes synthetic allocations once, for the planned models only, and the province total is their planned budgets', async () => {
    const written = await finance.seed!(subgraph.database, { seed: 7, scale: 0.01 });
    expect(written.allocations).toBeGreaterThan(0);
    expect(await finance.seed!(subgraph.database, { seed: 7, scale: 0.01 })).toEqual({});

    const rows = await subgraph.database.rows<{ model_id: string; synthetic: boolean }>(sql`select model_id, synthetic from finance.allocations`);
    const models = plannedModels(7);
    const ids = new Set(models.map((m) => m.id));
    expect(rows).toHaveLength(written.allocations!);
    expect(rows.every((r) => ids.has(r.model_id) && r.synthetic)).toBe(true);

    const result = await subgraph.execute<{ _entities: { y2023: { approved: number }; y2024: { approved: number }; y2025: { approved: number } }[] }>(
      `{ _entities(representations: [{ __typename: "Province", code: "58" }]) { ... on Province {
        y2023: fundingSummary(year: 2023) { approved } y2024: fundingSummary(year: 2024) { approved } y2025: fundingSummary(year: 2025) { approved }
      } } }`,
    );
    expect(result.errors).toBeUndefined();
    const p = result.data!._entities[0]!;
    expect(p.y2023.approved + p.y2024.approved + p.y2025.approved).toBe(models.reduce((s, m) => s + m.plannedBudget, 0));
  });
});
