import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { dolisa } from '../index';
import { targetStatus } from '../plan/targets';

const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '584' });

/**
 * A hand-made programme in Phước Tân (22789, Bác Ái): five households reviewed in 2023, one model that runs
 * in the first half of 2024, and the 2024 reviews after it ended. Expected values are worked out by hand.
 */
async function insertHouseholds(subgraph: Awaited<ReturnType<typeof openTestSubgraph>>) {
  await subgraph.database.db.execute(sql`
    insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic) values
      ('A', '22789', 4, '21', 'A (synthetic)', '2020-01-01', true), ('B', '22789', 4, '21', 'B (synthetic)', '2020-01-01', true),
      ('C', '22789', 4, '21', 'C (synthetic)', '2020-01-01', true), ('D', '22789', 4, '01', 'D (synthetic)', '2020-01-01', true),
      ('E', '22789', 4, '21', 'E (synthetic)', '2020-01-01', true), ('ELSEWHERE', '22738', 2, '01', 'F (synthetic)', '2020-01-01', true)`);
  await subgraph.database.db.execute(sql`
    insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, member_count, income_per_capita_monthly, deprivations, classification, standard_id, assessed_on) values
      ('A', 2023, '22789', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2023-10-01'),
      ('B', 2023, '22789', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2023-10-01'),
      ('C', 2023, '22789', 'RURAL', true, 4, 1200000, '{}', 'NEAR_POOR', 1, '2023-10-01'),
      ('D', 2023, '22789', 'RURAL', false, 4, 2000000, '{}', 'AVERAGE_LIVING', 1, '2023-10-01'),
      ('E', 2023, '22789', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2023-10-01')`);
}

async function insertReviewsAfterEnd(subgraph: Awaited<ReturnType<typeof openTestSubgraph>>) {
  await subgraph.database.db.execute(sql`
    insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, member_count, income_per_capita_monthly, deprivations, classification, standard_id, assessed_on) values
      ('A', 2024, '22789', 'RURAL', true, 4, 1400000, '{}', 'NEAR_POOR', 1, '2024-10-01'),
      ('B', 2024, '22789', 'RURAL', true, 4, 1800000, '{}', 'AVERAGE_LIVING', 1, '2024-10-01'),
      ('C', 2024, '22789', 'RURAL', true, 4, 2600000, '{}', 'ABOVE_AVERAGE', 1, '2024-10-01'),
      ('D', 2024, '22789', 'RURAL', false, 4, 2000000, '{}', 'AVERAGE_LIVING', 1, '2024-10-01'),
      ('E', 2024, '22789', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2024-10-01')`);
}

describe('livelihood models: life cycle, participants, outcome, targets', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  let modelId: string;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const act = (action: string, on: string, note?: string) =>
    run(`mutation($id: ID!, $on: Date!, $note: String${action === 'suspend' ? '!' : ''}) { m: ${action}LivelihoodModel(id: $id, on: $on, note: $note) { status startDate endDate } }`, { id: modelId, on, note });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await insertHouseholds(subgraph);
  });
  afterAll(() => subgraph?.close());

  it('proposes a model and refuses illegal transitions with CONFLICT', async () => {
    const proposed = await run(`mutation { proposeLivelihoodModel(input: { communeCode: "22789", name: "Nuôi dê sinh sản", sector: LIVESTOCK,
      startDate: "2024-01-01", endDate: "2024-12-31", plannedBudget: 600000000, proposedOn: "2023-11-01" }) { id status commune { code } } }`);
    expect(proposed.errors).toBeUndefined();
    modelId = proposed.data.proposeLivelihoodModel.id;
    expect(proposed.data.proposeLivelihoodModel).toMatchObject({ status: 'PROPOSED', commune: { code: '22789' } });
    expect(errorOf(await act('complete', '2023-11-02'))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(errorOf(await act('start', '2023-11-02'))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(errorOf(await act('approve', '2023-10-01'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    expect((await act('approve', '2023-12-01')).data.m.status).toBe('APPROVED');
  });

  it('validates a proposal field by field', async () => {
    const propose = (input: Record<string, unknown>) => run(`mutation($input: ProposeLivelihoodModelInput!) { proposeLivelihoodModel(input: $input) { id } }`, {
      input: { communeCode: '22789', name: 'X', sector: 'CROPS', startDate: '2024-01-01', endDate: '2024-12-31', plannedBudget: 1000, proposedOn: '2023-11-01', ...input },
    });
    expect(errorOf(await propose({ endDate: '2023-12-31' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate' });
    expect(errorOf(await propose({ plannedBudget: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.plannedBudget' });
    expect(errorOf(await propose({ communeCode: '12345' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.communeCode' });
    expect(errorOf(await propose({ plannedBudget: 1.5 }))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('enrols only households of the commune, each once, and keeps withdrawals', async () => {
    const enrol = (householdId: string) => run(`mutation { enrollHousehold(modelId: "${modelId}", householdId: "${householdId}", enrolledOn: "2023-12-15") { classAtJoining household { id } } }`);
    for (const id of ['A', 'B', 'C', 'D', 'E']) expect((await enrol(id)).errors).toBeUndefined();
    expect((await enrol('A')).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'householdId' });
    expect(errorOf(await enrol('ELSEWHERE'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'householdId' });
    expect(errorOf(await enrol('NOBODY'))).toMatchObject({ code: 'NOT_FOUND', field: 'householdId' });
    const withdrawn = await run(`mutation { withdrawHousehold(modelId: "${modelId}", householdId: "E", withdrawnOn: "2024-02-01", reason: "Moved away for work") { withdrawnOn } }`);
    expect(withdrawn.data.withdrawHousehold).toEqual({ withdrawnOn: '2024-02-01' });
    const again = await run(`mutation { withdrawHousehold(modelId: "${modelId}", householdId: "E", withdrawnOn: "2024-02-02", reason: "x") { withdrawnOn } }`);
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT' });
  });

  it('runs the model and judges the outcome against where each household started', async () => {
    expect((await act('start', '2024-01-02')).data.m).toMatchObject({ status: 'ACTIVE', startDate: '2024-01-02' });
    expect(errorOf(await act('suspend', '2024-03-01', '  '))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect((await act('complete', '2024-06-30')).data.m).toMatchObject({ status: 'COMPLETED', endDate: '2024-06-30' });
    const before = await run(`{ livelihoodModel(id: "${modelId}") { outcome { participants poorOrNearPoorAtJoining reviewedAfterEnd escapedPoverty escapedRate } } }`);
    expect(before.data.livelihoodModel.outcome).toEqual({ participants: 4, poorOrNearPoorAtJoining: 3, reviewedAfterEnd: 0, escapedPoverty: 0, escapedRate: null });
    await insertReviewsAfterEnd(subgraph);
    const result = await run(`{ livelihoodModel(id: "${modelId}") {
      status participants { household { id } classAtJoining }
      outcome { participants poorOrNearPoorAtJoining reviewedAfterEnd escapedPoverty escapedRate }
      statusHistory { from to on }
    } }`);
    const model = result.data.livelihoodModel;
    expect(model.participants.map((p: any) => [p.household.id, p.classAtJoining])).toEqual([['A', 'POOR'], ['B', 'POOR'], ['C', 'NEAR_POOR'], ['D', 'AVERAGE_LIVING']]);
    // A stays near-poor; B and C escaped; D was not poor; E withdrew.
    expect(model.outcome).toEqual({ participants: 4, poorOrNearPoorAtJoining: 3, reviewedAfterEnd: 3, escapedPoverty: 2, escapedRate: 2 / 3 });
    expect(model.statusHistory.map((e: any) => e.to)).toEqual(['PROPOSED', 'APPROVED', 'ACTIVE', 'COMPLETED']);
  });

  it('records evaluations and lists replicable models', async () => {
    const evaluated = await run(`mutation { evaluateLivelihoodModel(input: { modelId: "${modelId}", evaluatedOn: "2024-07-15", rating: GOOD, lessons: "Goats suit the dry uplands", replicable: true }) { rating replicable } }`);
    expect(evaluated.data.evaluateLivelihoodModel).toEqual({ rating: 'GOOD', replicable: true });
    const list = await run(`{ yes: livelihoodModels(filter: { replicable: true }) { totalCount edges { node { id evaluation { rating } } } }
      no: livelihoodModels(filter: { replicable: false, districtCode: "584" }) { totalCount } }`);
    expect(list.data.yes).toEqual({ totalCount: 1, edges: [{ node: { id: modelId, evaluation: { rating: 'GOOD' } } }] });
    expect(list.data.no.totalCount).toBe(0);
  });

  it('evaluates the plan targets for 2024 from these figures', async () => {
    const result = await run(`{ plan(code: "249/KHPH-UBND-MTTQ") { code targets(year: 2024) { id measure target { min max } actual status numerator denominator } } }`);
    expect(result.errors).toBeUndefined();
    const byId = Object.fromEntries(result.data.plan.targets.map((t: any) => [t.id, t]));
    expect(Object.keys(byId)).toEqual(['T1', 'T2', 'T3', 'T5']);
    // T1: 1 of 65 communes had an effective model at the end of 2024
    expect(byId.T1).toMatchObject({ actual: 1 / 65, numerator: 1, denominator: 65, status: 'MISSED', target: { min: 1, max: null } });
    // T2: 2 of the 3 eligible participants reviewed after the end escaped
    expect(byId.T2).toMatchObject({ actual: 2 / 3, numerator: 2, denominator: 3, status: 'MISSED' });
    // T3 and T5: the poor rate went from 3/5 (2023) to 1/5 (2024): -40 pp, a fall beyond the target range
    expect(byId.T3).toMatchObject({ actual: -40, numerator: 0.2, denominator: 0.6, status: 'MET', target: { min: -2, max: -1.5 } });
    expect(byId.T5).toMatchObject({ actual: -40, status: 'MET' });
    const none = await run(`{ plan(code: "249/KHPH-UBND-MTTQ") { targets(year: 2025) { id status } } }`);
    expect(none.data.plan.targets).toEqual([{ id: 'T1', status: 'MISSED' }, { id: 'T2', status: 'NO_DATA' }, { id: 'T3', status: 'NO_DATA' }, { id: 'T5', status: 'NO_DATA' }]);
    expect(errorOf(await run(`{ plan(code: "nope") { code } }`))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a month per district and for the province', async () => {
    const report = async (month: string) => (await run(`{ monthlyProgress(month: "${month}") {
      province { modelsStarted modelsCompleted participantsEnrolled householdsAssessed modelsActive }
      districts { district { code } counts { modelsStarted participantsEnrolled } } targets { id status } } }`)).data.monthlyProgress;
    const december = await report('2023-12');
    expect(december.province).toEqual({ modelsStarted: 0, modelsCompleted: 0, participantsEnrolled: 5, householdsAssessed: 0, modelsActive: 0 });
    expect(december.districts.find((d: any) => d.district.code === '584').counts).toEqual({ modelsStarted: 0, participantsEnrolled: 5 });
    expect(december.districts.find((d: any) => d.district.code === '582').counts).toEqual({ modelsStarted: 0, participantsEnrolled: 0 });
    expect((await report('2024-01')).province).toMatchObject({ modelsStarted: 1, modelsActive: 1 });
    expect((await report('2024-06')).province).toMatchObject({ modelsCompleted: 1, modelsActive: 0 });
    const october = await report('2024-10');
    expect(october.province.householdsAssessed).toBe(5);
    // As of the end of October the year is still running: the same figures say ON_TRACK, not yet MET.
    expect(october.targets.find((t: any) => t.id === 'T3').status).toBe('ON_TRACK');
    expect(october.targets.find((t: any) => t.id === 'T1').status).toBe('AT_RISK');
  });
});

describe('targetStatus', () => {
  const share = { measure: 'FRACTION', min: 1, max: null };
  const fall = { measure: 'PP', min: -2, max: -1.5 };
  it.each([
    [share, 1, true, 'MET'], [share, 0.99, true, 'MISSED'], [share, 1, false, 'ON_TRACK'], [share, 0.5, false, 'AT_RISK'],
    [fall, -1.5, true, 'MET'], [fall, -3, true, 'MET'], [fall, -1.49, true, 'MISSED'], [fall, 0.2, false, 'AT_RISK'],
    [share, null, true, 'NO_DATA'], [fall, null, false, 'NO_DATA'],
  ] as const)('%o with %s (year closed: %s) is %s', (target, actual, closed, expected) => {
    expect(targetStatus(target, actual, closed)).toBe(expected);
  });
});
