import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

/**
 * T1 counts communes with an *effective* model (plan 249: "triển khai có hiệu quả"), pinned on hand-made data in
 * Bác Ái's 9 communes, one case per commune:
 *
 * | commune | models (status on 2024-12-31, evaluations)                          | counts? | under      |
 * |---------|----------------------------------------------------------------------|---------|------------|
 * | 22783   | ACTIVE, never evaluated by 2024 (a POOR rating in 2025 is later)     | yes     | active     |
 * | 22786   | ACTIVE, GOOD then FAIR: latest is below GOOD                         | no      |            |
 * | 22789   | ACTIVE, FAIR then GOOD: latest is GOOD                               | yes     | active     |
 * | 22792   | COMPLETED 2024-06-28, final evaluation GOOD                          | yes     | completed  |
 * | 22795   | COMPLETED 2024-06-28, evaluated only mid-way (GOOD): no final one    | no      |            |
 * | 22798   | COMPLETED 2024-06-28, final evaluations GOOD then POOR: latest POOR  | no      |            |
 * | 22801   | COMPLETED 2024-12-20, final evaluation EXCELLENT dated 2025-01-10    | yes     | completed  |
 * | 22804   | ACTIVE unevaluated, and COMPLETED rated GOOD: one commune, both parts | yes     | both       |
 * | 22807   | SUSPENDED (was ACTIVE, rated EXCELLENT)                              | no      |            |
 */
describe('T1: communes with an effective model', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const models: [id: string, commune: string, status: string, start: string, end: string][] = [
    ['M1', '22783', 'ACTIVE', '2024-02-01', '2025-08-28'],
    ['M2', '22786', 'ACTIVE', '2024-02-01', '2025-08-28'],
    ['M3', '22789', 'ACTIVE', '2024-02-01', '2025-08-28'],
    ['M4', '22792', 'COMPLETED', '2023-03-01', '2024-06-28'],
    ['M5', '22795', 'COMPLETED', '2023-03-01', '2024-06-28'],
    ['M6', '22798', 'COMPLETED', '2023-03-01', '2024-06-28'],
    ['M7', '22801', 'COMPLETED', '2023-03-01', '2024-12-20'],
    ['M8a', '22804', 'ACTIVE', '2024-02-01', '2025-08-28'],
    ['M8b', '22804', 'COMPLETED', '2023-03-01', '2024-06-28'],
    ['M9', '22807', 'SUSPENDED', '2024-02-01', '2025-08-28'],
  ];
  const evaluations: [model: string, on: string, rating: string][] = [
    ['M1', '2025-02-01', 'POOR'],
    ['M2', '2024-05-01', 'GOOD'], ['M2', '2024-10-01', 'FAIR'],
    ['M3', '2024-05-01', 'FAIR'], ['M3', '2024-10-01', 'GOOD'],
    ['M4', '2024-07-15', 'GOOD'],
    ['M5', '2024-03-01', 'GOOD'],
    ['M6', '2024-07-10', 'GOOD'], ['M6', '2024-08-01', 'POOR'],
    ['M7', '2025-01-10', 'EXCELLENT'],
    ['M8b', '2024-07-15', 'GOOD'],
    ['M9', '2024-05-01', 'EXCELLENT'],
  ];

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    const { db } = subgraph.database;
    for (const [id, commune, status, start, end] of models) {
      await db.execute(sql`insert into dolisa.livelihood_models (id, commune_code, name, sector, status, start_date, end_date, planned_budget, synthetic)
        values (${id}, ${commune}, ${`Model ${id} (synthetic)`}, 'LIVESTOCK', ${status}, ${start}, ${end}, 100000000, true)`);
      await db.execute(sql`insert into dolisa.model_events (model_id, from_status, to_status, effective_on) values (${id}, 'APPROVED', 'ACTIVE', ${start})`);
      if (status !== 'ACTIVE') {
        await db.execute(sql`insert into dolisa.model_events (model_id, from_status, to_status, effective_on)
          values (${id}, 'ACTIVE', ${status}, ${status === 'COMPLETED' ? end : '2024-09-01'})`);
      }
    }
    for (const [model, on, rating] of evaluations) {
      await db.execute(sql`insert into dolisa.model_evaluations (model_id, evaluated_on, rating, replicable, synthetic)
        values (${model}, ${on}, ${rating}, ${rating === 'GOOD' || rating === 'EXCELLENT'}, true)`);
    }
    await db.execute(sql`insert into dolisa.plans (code, title, issued_on, from_year, to_year) values ('TEST-T1', 'T1 on Bác Ái (test)', '2024-01-01', 2024, 2024)`);
    await db.execute(sql`insert into dolisa.plan_targets (plan_code, target_id, metric, scope, unit_code, measure, year, min, max, description)
      values ('TEST-T1', 'T1', 'COMMUNES_WITH_EFFECTIVE_MODEL', 'DISTRICT_COMMUNES', '584', 'FRACTION', 2024, 1.0, null, 'Every Bác Ái commune runs an effective model')`);
  });
  afterAll(() => subgraph?.close());

  const t1 = async () => {
    const result = await subgraph.execute<any>(`{ plan(code: "TEST-T1") { effectiveRating targets(year: 2024) { id actual numerator denominator status basis } } }`);
    expect(result.errors).toBeUndefined();
    return result.data.plan;
  };

  it('counts ACTIVE models not rated ineffective and COMPLETED models whose final evaluation rates them effective', async () => {
    const plan = await t1();
    expect(plan.effectiveRating).toBe('GOOD');
    const [target] = plan.targets;
    expect(target).toMatchObject({ id: 'T1', numerator: 5, denominator: 9, actual: 5 / 9, status: 'MISSED' });
    expect(target.basis).toBe('5 communes with an effective model on 2024-12-31 (rated GOOD or better): '
      + '3 with an ACTIVE model not rated ineffective, 3 with a COMPLETED model whose final evaluation rates it effective');
  });

  it('reads "effective" from the plan\'s stored threshold', async () => {
    await subgraph.database.db.execute(sql`update dolisa.plans set effective_rating = 'FAIR' where code = 'TEST-T1'`);
    try {
      const plan = await t1();
      expect(plan.effectiveRating).toBe('FAIR');
      // 22786's ACTIVE model rated FAIR now counts; 22798's final POOR and 22795's missing final evaluation still do not.
      expect(plan.targets[0]).toMatchObject({ numerator: 6, actual: 6 / 9 });
      expect(plan.targets[0].basis).toContain('4 with an ACTIVE model not rated ineffective, 3 with a COMPLETED model');
    } finally {
      await subgraph.database.db.execute(sql`update dolisa.plans set effective_rating = 'GOOD' where code = 'TEST-T1'`);
    }
  });

  it('refuses a threshold off the ModelRating scale (the column is checked)', async () => {
    await expect(subgraph.database.db.execute(sql`update dolisa.plans set effective_rating = 'OK' where code = 'TEST-T1'`)).rejects.toThrow();
  });
});
