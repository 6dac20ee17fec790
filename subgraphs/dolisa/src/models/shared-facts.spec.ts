import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '584', subject: 'officer-584' });
const entities = `query ($r: [_Any!]!) { _entities(representations: $r) {
  ... on Commune { code modelStatuses { id status startDate endDate plannedBudget approvedOn } countsByEthnicGroup { year ethnicGroupCode classification households } }
  ... on District { code countsByEthnicGroup { year ethnicGroupCode classification households } }
} }`;

/** The argument-free facts DOLISA offers other departments' @requires, and the budget revision Finance's flag follows. */
describe('DOLISA facts for other departments', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  let modelId: string;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await subgraph.database.db.execute(sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic) values
      ('K1', '22789', 4, '21', 'K1 (synthetic)', '2020-01-01', true), ('K2', '22789', 4, '21', 'K2 (synthetic)', '2020-01-01', true),
      ('K3', '22789', 4, '01', 'K3 (synthetic)', '2020-01-01', true), ('K4', '22786', 4, '17', 'K4 (synthetic)', '2020-01-01', true)`);
    for (const [id, year, income, deprivations] of [['K1', 2023, 1_000_000, 3], ['K2', 2023, 1_200_000, 0], ['K3', 2023, 5_000_000, 0], ['K4', 2023, 900_000, 4], ['K1', 2024, 1_700_000, 0]] as const) {
      const input = { householdId: id, year, incomePerCapitaMonthly: income, deprivations: ['EMPLOYMENT', 'NUTRITION', 'HOUSING_AREA', 'DOMESTIC_WATER'].slice(0, deprivations), assessedOn: `${year}-10-01` };
      const result = await run(`mutation($input: AssessmentInput!) { recordAssessment(input: $input) { classification } }`, { input });
      expect(result.errors).toBeUndefined();
    }
    const proposed = await run(`mutation { proposeLivelihoodModel(input: { communeCode: "22789", name: "Nuôi dê (test)", sector: LIVESTOCK,
      startDate: "2024-01-10", endDate: "2024-12-31", plannedBudget: 500000000, proposedOn: "2023-11-01" }) { id } }`);
    modelId = proposed.data.proposeLivelihoodModel.id;
    await run(`mutation { approveLivelihoodModel(id: "${modelId}", on: "2023-12-05") { status } }`);
  });
  afterAll(() => subgraph?.close());

  it('lists a unit\'s models with status, dates, budget and approval day, and its counts by ethnic group and class', async () => {
    const result = await subgraph.execute<any>(entities, { r: [{ __typename: 'Commune', code: '22789' }, { __typename: 'District', code: '584' }] });
    expect(result.errors).toBeUndefined();
    const [commune, district] = result.data._entities;
    expect(commune.modelStatuses).toEqual([{ id: modelId, status: 'APPROVED', startDate: '2024-01-10', endDate: '2024-12-31', plannedBudget: 500_000_000, approvedOn: '2023-12-05' }]);
    expect(commune.countsByEthnicGroup).toEqual([
      { year: 2023, ethnicGroupCode: '01', classification: 'ABOVE_AVERAGE', households: 1 },
      { year: 2023, ethnicGroupCode: '21', classification: 'NEAR_POOR', households: 1 },
      { year: 2023, ethnicGroupCode: '21', classification: 'POOR', households: 1 },
      { year: 2024, ethnicGroupCode: '21', classification: 'AVERAGE_LIVING', households: 1 },
    ]);
    // The district adds Phước Chính's (22786) Chăm household.
    expect(district.countsByEthnicGroup).toContainEqual({ year: 2023, ethnicGroupCode: '17', classification: 'POOR', households: 1 });
    expect(district.countsByEthnicGroup.reduce((n: number, c: any) => n + c.households, 0)).toBe(5);
  });

  it('answers 65 communes in as many statements as one', async () => {
    subgraph.database.statements.reset();
    await subgraph.execute(entities, { r: [{ __typename: 'Commune', code: '22789' }] });
    const one = subgraph.database.statements.count;
    subgraph.database.statements.reset();
    const { communes } = await import('@ntg/admin-units');
    const all = await subgraph.execute<any>(entities, { r: communes.map((c) => ({ __typename: 'Commune', code: c.code })) });
    expect(all.data._entities).toHaveLength(65);
    expect(subgraph.database.statements.count).toBe(one);
  });

  it('revises a planned budget with optimistic concurrency, keeping the earlier amount', async () => {
    const read = await run(`{ livelihoodModel(id: "${modelId}") { version plannedBudget } }`);
    const version = read.data.livelihoodModel.version;
    const revise = (v: number, plannedBudget: number, reason = 'Breed prices rose (test)') =>
      run(`mutation($id: ID!, $v: Int!, $b: Vnd!, $reason: String!) { reviseModelBudget(id: $id, expectedVersion: $v, plannedBudget: $b, reason: $reason) { plannedBudget version budgetRevisions { previousBudget plannedBudget reason recordedBy } } }`,
        { id: modelId, v, b: plannedBudget, reason });
    const revised = await revise(version, 650_000_000);
    expect(revised.errors).toBeUndefined();
    expect(revised.data.reviseModelBudget).toEqual({
      plannedBudget: 650_000_000, version: version + 1,
      budgetRevisions: [{ previousBudget: 500_000_000, plannedBudget: 650_000_000, reason: 'Breed prices rose (test)', recordedBy: 'officer-584' }],
    });
    expect((await revise(version, 700_000_000)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await revise(version + 1, 0)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plannedBudget' });
    expect((await revise(version + 1, 700_000_000, ' ')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const outsider = await subgraph.execute<any>(`mutation { reviseModelBudget(id: "${modelId}", expectedVersion: ${version + 1}, plannedBudget: 1, reason: "x") { id } }`, {},
      { caller: testCaller({ department: 'FINANCE', role: 'officer', area: '58' }) });
    expect(outsider.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await run(`{ livelihoodModel(id: "${modelId}") { plannedBudget } }`)).data.livelihoodModel.plannedBudget).toBe(650_000_000);
  });
});
