import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

/**
 * Corrections moving households between classes in opposite directions, all at once: each moves two rollup rows
 * of the same commune and year, so without one lock order they deadlock (PostgreSQL error 40P01, an internal
 * error to the caller). All must succeed and the rollup must equal a recount. (Only PostgreSQL runs two
 * transactions at once; the embedded database serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('corrections racing over the same rollup rows (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'officer-58' });
  const PAIRS = 12;
  const POOR = { incomePerCapitaMonthly: 1_000_000, deprivations: ['NUTRITION', 'HOUSING_AREA', 'DOMESTIC_WATER'] };
  const AVERAGE = { incomePerCapitaMonthly: 3_000_000, deprivations: [] };
  const review = (id: string, values: typeof POOR) => ({ householdId: id, year: 2024, assessedOn: '2024-10-01', ...values });
  const ids = Array.from({ length: PAIRS * 2 }, (_, i) => `RACE-${i}`);

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await subgraph.database.db.execute(sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic)
      select id, '22783', 3, '21', id || ' (synthetic)', '2020-01-01', true from unnest(${`{${ids.join(',')}}`}::text[]) as id`);
    for (const [i, id] of ids.entries()) {
      const result = await subgraph.execute(`mutation($input: AssessmentInput!) { recordAssessment(input: $input) { classification } }`,
        { input: review(id, i % 2 === 0 ? POOR : AVERAGE) }, { caller: officer });
      expect(result.errors).toBeUndefined();
    }
  });
  afterAll(() => subgraph?.close());

  it('all succeed, and the rollup equals a recount', async () => {
    const results = await Promise.all(ids.map((id, i) => subgraph.execute(
      `mutation($input: AssessmentInput!) { correctAssessment(input: $input, reason: "Re-checked (test)") { classification } }`,
      { input: review(id, i % 2 === 0 ? AVERAGE : POOR) }, { caller: officer })));
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.message)).toEqual([]);
    const [counts] = await subgraph.database.rows<{ poor: number; rollup: number }>(sql`select
      (select count(*) from dolisa.poverty_assessments where is_current and year = 2024 and classification = 'POOR')::int as poor,
      (select coalesce(sum(households), 0) from dolisa.poverty_rollup where year = 2024 and classification = 'POOR')::int as rollup`);
    expect(counts).toEqual({ poor: PAIRS, rollup: PAIRS });
  });
});
