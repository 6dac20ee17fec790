import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, serviceUnavailable, stubGraph, todayInVietnam, yearProgress } from '@ntg/subgraph-kit';
import type { EthnicGroupCount } from '../indicators/minority';
import { ethnic } from '../index';

const PLAN = '249/KHPH-UBND-MTTQ';
const TARGETS = `query ($r: [_Any!]!, $year: Int!) { _entities(representations: $r) { ... on Plan {
  code minorityTargets(year: $year) { id metric scope description measure target { min max } actual status numerator denominator basis } } } }`;

/** Counts giving the minority poor rate `before` in year-1 and `now` in year, over 10,000 minority households. */
function countsFor(year: number, before: number, now: number): EthnicGroupCount[] {
  return [
    { year: year - 1, ethnicGroupCode: '21', classification: 'POOR', households: before },
    { year: year - 1, ethnicGroupCode: '21', classification: 'NEAR_POOR', households: 10_000 - before },
    { year, ethnicGroupCode: '21', classification: 'POOR', households: now },
    { year, ethnicGroupCode: '21', classification: 'NEAR_POOR', households: 10_000 - now },
    { year, ethnicGroupCode: '01', classification: 'POOR', households: 500 },
  ];
}

describe('T4 on Plan.minorityTargets', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  /** What the stub graph answers for the province's counts, and every query it was asked. */
  let provinceCounts: EthnicGroupCount[] | Error = [];
  const asked: { source: string; variables: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic, {
      graph: stubGraph((source, variables) => {
        asked.push({ source, variables });
        if (provinceCounts instanceof Error) throw provinceCounts;
        const answer: Record<string, unknown> = {};
        for (const match of source.matchAll(/(u\d+): (province|district|commune)/g)) answer[match[1]!] = { countsByEthnicGroup: provinceCounts };
        return answer;
      }),
    });
  });
  afterAll(() => subgraph?.close());

  const evaluate = async (year: number, counts: EthnicGroupCount[] | Error, plan = PLAN) => {
    provinceCounts = counts;
    asked.length = 0;
    return subgraph.execute<{ _entities: { code: string; minorityTargets: Record<string, unknown>[] }[] }>(TARGETS, { r: [{ __typename: 'Plan', code: plan }], year });
  };

  it('stores T4 of 249/KHPH-UBND-MTTQ as data: 2023 to 2025, a fall of more than 3.0 pp of the province', async () => {
    const rows = await subgraph.database.rows(sql`select target_id, year, metric, unit_code, measure, min, max, bound_exclusive from ethnic.minority_targets order by year`);
    expect(rows).toEqual([2023, 2024, 2025].map((year) => ({
      target_id: 'T4', year, metric: 'MINORITY_POOR_RATE_CHANGE', unit_code: '58', measure: 'PP', min: null, max: -3, bound_exclusive: true,
    })));
  });

  it('measures the province\'s minorityPoorRateChangePp and meets T4 only for a fall of more than 3.0 pp', async () => {
    // 14.00% -> 10.99%: -3.01 pp, met.
    const met = await evaluate(2024, countsFor(2024, 1400, 1099));
    expect(met.errors).toBeUndefined();
    expect(met.data!._entities[0]!.minorityTargets).toEqual([{
      id: 'T4', metric: 'MINORITY_POOR_RATE_CHANGE', scope: 'PROVINCE_MINORITY_HOUSEHOLDS',
      description: 'The ethnic-minority poor-household rate falls by more than 3.0 percentage points every year',
      measure: 'PP', target: { min: null, max: -3 }, actual: -3.01, status: 'MET', numerator: 0.1099, denominator: 0.14,
      basis: expect.stringContaining('Ninh Thuận, 2023 -> 2024 (fractions): 1400 of 10000 -> 1099 of 10000 households'),
    }]);
    // The province's counts, read once through the graph (the caller's token) with the root field that reaches it.
    expect(asked).toHaveLength(1);
    expect(asked[0]!.source).toMatch(/u0: province \{ countsByEthnicGroup \{ year ethnicGroupCode classification households \} \}/);

    // 14.00% -> 11.00%: exactly -3.0 pp (-3.0000000000000004 before rounding), not "more than 3": missed.
    const exactly = await evaluate(2024, countsFor(2024, 1400, 1100));
    expect(exactly.data!._entities[0]!.minorityTargets[0]).toMatchObject({ actual: -3, status: 'MISSED' });
    // A smaller fall, and a rise.
    expect((await evaluate(2024, countsFor(2024, 1400, 1200))).data!._entities[0]!.minorityTargets[0]).toMatchObject({ actual: -2, status: 'MISSED' });
    expect((await evaluate(2024, countsFor(2024, 1400, 1500))).data!._entities[0]!.minorityTargets[0]).toMatchObject({ actual: 1, status: 'MISSED' });
  });

  it('says ON_TRACK or AT_RISK while the year runs, by the same rule', async () => {
    // Only the rows of the plan's years exist; a running year is given a row of its own here.
    const year = Number(todayInVietnam().slice(0, 4));
    await subgraph.database.db.execute(sql`insert into ethnic.minority_targets (plan_code, target_id, year, metric, scope, unit_code, measure, min, max, bound_exclusive, description)
      values ('TEST-PLAN', 'T4', ${year}, 'MINORITY_POOR_RATE_CHANGE', 'PROVINCE_MINORITY_HOUSEHOLDS', '58', 'PP', null, -3.0, true, 'Test target (synthetic)')`);
    expect(yearProgress(year, todayInVietnam()).yearClosed).toBe(false);
    expect((await evaluate(year, countsFor(year, 1400, 1099), 'TEST-PLAN')).data!._entities[0]!.minorityTargets[0]).toMatchObject({ status: 'ON_TRACK' });
    expect((await evaluate(year, countsFor(year, 1400, 1100), 'TEST-PLAN')).data!._entities[0]!.minorityTargets[0]).toMatchObject({ status: 'AT_RISK' });
  });

  it('shows NO_DATA without both years\' reviews, and no target for a plan without minority targets (asking the graph nothing)', async () => {
    const noPrevious = await evaluate(2025, countsFor(2024, 1400, 1100));
    expect(noPrevious.data!._entities[0]!.minorityTargets[0]).toMatchObject({ actual: null, status: 'NO_DATA', numerator: null, basis: 'no 2024 and 2025 reviews of ethnic-minority households in Ninh Thuận' });
    const otherPlan = await evaluate(2024, countsFor(2024, 1400, 1100), 'OTHER-PLAN');
    expect(otherPlan.data!._entities[0]).toEqual({ code: 'OTHER-PLAN', minorityTargets: [] });
    expect(asked).toHaveLength(0);
  });

  it('refuses to guess when DOLISA cannot be read: SERVICE_UNAVAILABLE', async () => {
    const result = await evaluate(2024, serviceUnavailable('The graph did not answer'));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('measures a target row on a district through district(code:), and shows NO_DATA for a metric it does not know', async () => {
    await subgraph.database.db.execute(sql`insert into ethnic.minority_targets (plan_code, target_id, year, metric, scope, unit_code, measure, min, max, bound_exclusive, description) values
      ('TEST-DISTRICT', 'T4-584', 2024, 'MINORITY_POOR_RATE_CHANGE', 'POOR_DISTRICT_MINORITY_HOUSEHOLDS', '584', 'PP', -6.0, -5.0, false, 'Test target (synthetic)'),
      ('TEST-DISTRICT', 'TX', 2024, 'SOMETHING_ELSE', 'PROVINCE', '58', 'FRACTION', 1.0, null, false, 'Test target (synthetic)')`);
    const result = await evaluate(2024, countsFor(2024, 1400, 850), 'TEST-DISTRICT');
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0]!.minorityTargets).toEqual([
      expect.objectContaining({ id: 'T4-584', actual: -5.5, status: 'MET', basis: expect.stringContaining('Bác Ái') }),
      expect.objectContaining({ id: 'TX', actual: null, status: 'NO_DATA', basis: 'the Ethnic Committee does not measure SOMETHING_ELSE' }),
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toEqual({ source: expect.stringContaining('u0: district(code: $u0)'), variables: { u0: '584' } });
  });
});
