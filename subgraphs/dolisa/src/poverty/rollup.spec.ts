import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { dolisa } from '../index';
import { povertyStatsSql } from './loaders';

const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'rollup-officer' });
const DEPRIVATIONS = ['EMPLOYMENT', 'NUTRITION', 'HEALTH_INSURANCE', 'HOUSING_AREA', 'DOMESTIC_WATER', 'TELECOM_SERVICES'];

/** The rollups as the triggers keep them, and as a recount from the rows computes them (zero rows left out). */
const ROLLUP = sql`select year, commune_code, area_type, head_ethnic_group, classification, households, synthetic
  from dolisa.poverty_rollup where households <> 0 or synthetic <> 0 order by 1, 2, 3, 4, 5`;
const RECOUNT = sql`select year, commune_code, area_type, head_ethnic_group, classification, count(*)::int as households,
  (count(*) filter (where synthetic))::int as synthetic
  from dolisa.poverty_assessments where is_current group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;
const REGISTRY = sql`select commune_code, households from dolisa.registry_rollup where households <> 0 order by 1`;
const REGISTRY_RECOUNT = sql`select commune_code, count(*)::int as households from dolisa.households where dissolved_on is null group by 1 order by 1`;

describe('DOLISA rollups stay exact on write', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await dolisa.seed!(subgraph.database, { seed: 7, scale: 0.005 });
  });
  afterAll(() => subgraph?.close());

  it('the seed\'s rollups equal a recount', async () => {
    expect(await subgraph.database.rows(ROLLUP)).toEqual(await subgraph.database.rows(RECOUNT));
    expect(await subgraph.database.rows(REGISTRY)).toEqual(await subgraph.database.rows(REGISTRY_RECOUNT));
  });

  it('after a long random sequence of registrations, moves, dissolutions, reviews and corrections, every rollup equals a recount', async () => {
    const random = new Random(11);
    const codes = communes.map((c) => c.code);
    const live: { id: string; version: number; reviewed: Set<number> }[] = [];
    const outcomes: Record<string, number> = {};
    const tally = (name: string, result: { errors?: readonly unknown[] }) => {
      const key = `${name}:${result.errors ? 'refused' : 'ok'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    for (let step = 0; step < 160; step++) {
      const action = live.length < 5 ? 'register' : random.weighted([['register', 2], ['assess', 5], ['correct', 2], ['move', 2], ['dissolve', 1], ['regroup', 1]] as const);
      if (action === 'register') {
        const result = await run(`mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id version } }`, {
          input: { communeCode: random.pick(codes), memberCount: random.int(1, 8), headEthnicGroupCode: random.pick(['01', '17', '21', '04']), headName: 'Rollup (synthetic)', registeredOn: '2021-01-01' },
        });
        tally(action, result);
        if (!result.errors) live.push({ ...result.data.registerHousehold, reviewed: new Set() });
        continue;
      }
      const household = random.pick(live);
      const year = random.pick([2022, 2023, 2024]);
      const review = { householdId: household.id, year, incomePerCapitaMonthly: random.int(5, 40) * 100_000, deprivations: DEPRIVATIONS.slice(0, random.int(0, 5)), assessedOn: `${year}-10-0${random.int(1, 9)}` };
      let result: { errors?: readonly unknown[]; data?: any };
      if (action === 'assess' || action === 'correct') {
        const correcting = action === 'correct' && household.reviewed.has(year);
        result = correcting
          ? await run(`mutation($input: AssessmentInput!) { correctAssessment(input: $input, reason: "Re-checked (test)") { year } }`, { input: review })
          : await run(`mutation($input: AssessmentInput!) { recordAssessment(input: $input) { year } }`, { input: review });
        if (!result.errors) household.reviewed.add(year);
      } else if (action === 'move') {
        result = await run(`mutation($id: ID!, $v: Int!, $to: ID!) { moveHousehold(id: $id, expectedVersion: $v, toCommuneCode: $to, movedOn: "2023-05-01") { version } }`, { id: household.id, v: household.version, to: random.pick(codes) });
        if (!result.errors) household.version = result.data.moveHousehold.version;
      } else if (action === 'regroup') {
        result = await run(`mutation($id: ID!, $v: Int!, $g: ID!) { updateHousehold(id: $id, expectedVersion: $v, input: { headEthnicGroupCode: $g }) { version } }`, { id: household.id, v: household.version, g: random.pick(['01', '17', '21']) });
        if (!result.errors) household.version = result.data.updateHousehold.version;
      } else {
        result = await run(`mutation($id: ID!, $v: Int!) { dissolveHousehold(id: $id, expectedVersion: $v, dissolvedOn: "2024-11-01", reason: "Merged (test)") { version } }`, { id: household.id, v: household.version });
        if (!result.errors) live.splice(live.indexOf(household), 1);
      }
      tally(action, result);
    }
    // The sequence did exercise every kind of write, some of them refused (a move to the same commune, a review after dissolution).
    for (const name of ['register', 'assess', 'correct', 'move', 'dissolve', 'regroup']) expect(outcomes[`${name}:ok`] ?? 0).toBeGreaterThan(0);
    expect(await subgraph.database.rows(ROLLUP)).toEqual(await subgraph.database.rows(RECOUNT));
    expect(await subgraph.database.rows(REGISTRY)).toEqual(await subgraph.database.rows(REGISTRY_RECOUNT));
  });

  it('answers statistics from the rollup: the plan never touches the reviews', async () => {
    const keys = [{ level: 'COMMUNE' as const, code: '22783', year: 2024 }, { level: 'PROVINCE' as const, code: '58', year: 2023 }];
    for (const [areaType, minority] of [[null, null], ['RURAL', true]] as const) {
      const plan = JSON.stringify(await subgraph.database.rows(sql`explain (format json) ${povertyStatsSql(keys, areaType, minority)}`));
      expect(plan).toContain('poverty_rollup');
      expect(plan).not.toContain('poverty_assessments');
    }
  });
});
