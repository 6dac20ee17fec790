import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '584' });

/**
 * Replication (nhân rộng): a model proposed from one whose latest evaluation marks it replicable links both ways;
 * from any other model the proposal is refused with a field path, and nothing is written.
 * Hand-made: GOOD (22783) rated GOOD and replicable; ONCE (22786) replicable, then re-evaluated as not; NEVER (22789)
 * not evaluated.
 */
describe('replicating a livelihood model', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });
  const propose = (communeCode: string, replicatedFromId: string) => run(`mutation($input: ProposeLivelihoodModelInput!) {
    proposeLivelihoodModel(input: $input) { id commune { code } replicatedFrom { id } } }`, { input: {
    communeCode, name: 'Nuôi dê sinh sản (nhân rộng)', sector: 'LIVESTOCK', startDate: '2025-03-01', endDate: '2026-03-01',
    plannedBudget: 300000000, proposedOn: '2025-01-10', replicatedFromId,
  } });
  const modelCount = async () => (await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.livelihood_models`))[0]!.n;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    const { db } = subgraph.database;
    for (const [id, commune] of [['GOOD', '22783'], ['ONCE', '22786'], ['NEVER', '22789']]) {
      await db.execute(sql`insert into dolisa.livelihood_models (id, commune_code, name, sector, status, start_date, end_date, planned_budget, synthetic)
        values (${id}, ${commune}, ${`Model ${id} (synthetic)`}, 'LIVESTOCK', 'COMPLETED', '2023-03-01', '2024-06-28', 100000000, true)`);
    }
    await db.execute(sql`insert into dolisa.model_evaluations (model_id, evaluated_on, rating, replicable, synthetic) values
      ('GOOD', '2024-07-15', 'GOOD', true, true), ('ONCE', '2023-12-01', 'GOOD', true, true), ('ONCE', '2024-07-15', 'FAIR', false, true)`);
  });
  afterAll(() => subgraph?.close());

  it('links a replication of a replicable model both ways, and filters by replicatedFrom', async () => {
    const first = await propose('22795', 'GOOD');
    expect(first.errors).toBeUndefined();
    expect(first.data.proposeLivelihoodModel).toMatchObject({ commune: { code: '22795' }, replicatedFrom: { id: 'GOOD' } });
    const second = await propose('22798', 'GOOD');
    expect(second.errors).toBeUndefined();

    const result = await run(`{
      livelihoodModel(id: "GOOD") { replicatedFrom { id } replications { id commune { code } replicatedFrom { id } } }
      livelihoodModels(filter: { replicatedFrom: "GOOD" }) { totalCount edges { node { id } } }
      none: livelihoodModels(filter: { replicatedFrom: "NEVER" }) { totalCount }
    }`);
    expect(result.errors).toBeUndefined();
    const ids = [first.data.proposeLivelihoodModel.id, second.data.proposeLivelihoodModel.id];
    expect(result.data.livelihoodModel).toEqual({
      replicatedFrom: null,
      replications: [
        { id: ids[0], commune: { code: '22795' }, replicatedFrom: { id: 'GOOD' } },
        { id: ids[1], commune: { code: '22798' }, replicatedFrom: { id: 'GOOD' } },
      ],
    });
    expect(result.data.livelihoodModels.totalCount).toBe(2);
    expect(result.data.livelihoodModels.edges.map((e: any) => e.node.id).sort()).toEqual([...ids].sort());
    expect(result.data.none.totalCount).toBe(0);
  });

  it('refuses to replicate a model not marked replicable, one never evaluated, or one that does not exist; nothing is written', async () => {
    const before = await modelCount();
    const refused = [await propose('22795', 'ONCE'), await propose('22795', 'NEVER'), await propose('22795', 'NO-SUCH-MODEL')];
    expect(refused.map((r) => r.errors?.[0]?.extensions)).toEqual([
      expect.objectContaining({ code: 'CONFLICT', field: 'input.replicatedFromId' }),
      expect.objectContaining({ code: 'CONFLICT', field: 'input.replicatedFromId' }),
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.replicatedFromId' }),
    ]);
    expect(refused[0]!.errors![0]!.message).toContain('not marked replicable by its latest evaluation (2024-07-15, rated FAIR)');
    expect(refused.every((r) => r.data?.proposeLivelihoodModel == null)).toBe(true);
    expect(await modelCount()).toBe(before);
  });
});
