import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { covers, DEPARTMENTS, openTestSubgraph, ROLES, testCaller, type Caller } from '@ntg/subgraph-kit';
import { dolisa } from './src/index';

/**
 * The authorisation matrix: every DOLISA mutation under every department, role and a spread of areas. Only a
 * DOLISA officer whose area covers every commune the write touches gets past the policy; everyone else gets
 * FORBIDDEN, and the refusal is in the audit trail.
 */
const HOME = '22789'; // Phước Tân, Bác Ái: where the fixture household and model live
const NEIGHBOUR = '22786'; // another commune of Bác Ái
const AREAS = ['58', '584', '585', HOME, NEIGHBOUR];

const MUTATIONS: { name: string; touches: string[]; source: string }[] = [
  { name: 'registerHousehold', touches: [HOME], source: `mutation { registerHousehold(input: { communeCode: "${HOME}", memberCount: 3, headEthnicGroupCode: "21", headName: "M (synthetic)", registeredOn: "2021-01-01" }) { id } }` },
  { name: 'updateHousehold', touches: [HOME], source: `mutation { updateHousehold(id: "HM", expectedVersion: 1, input: { memberCount: 4 }) { id } }` },
  { name: 'moveHousehold', touches: [HOME, NEIGHBOUR], source: `mutation { moveHousehold(id: "HM", expectedVersion: 99, toCommuneCode: "${NEIGHBOUR}", movedOn: "2024-01-01") { id } }` },
  { name: 'dissolveHousehold', touches: [HOME], source: `mutation { dissolveHousehold(id: "HM", expectedVersion: 99, dissolvedOn: "2024-01-01", reason: "test") { id } }` },
  { name: 'recordAssessment', touches: [HOME], source: `mutation { recordAssessment(input: { householdId: "HM", year: 2024, incomePerCapitaMonthly: 1000000, deprivations: [], assessedOn: "2024-10-01" }) { year } }` },
  { name: 'correctAssessment', touches: [HOME], source: `mutation { correctAssessment(input: { householdId: "HM", year: 2023, incomePerCapitaMonthly: 1000000, deprivations: [], assessedOn: "2023-10-01" }, reason: "test") { year } }` },
  { name: 'proposeLivelihoodModel', touches: [HOME], source: `mutation { proposeLivelihoodModel(input: { communeCode: "${HOME}", name: "M", sector: CROPS, startDate: "2024-01-01", endDate: "2024-12-31", plannedBudget: 1000000, proposedOn: "2023-12-01" }) { id } }` },
  { name: 'approveLivelihoodModel', touches: [HOME], source: `mutation { approveLivelihoodModel(id: "LM", on: "2024-02-01") { id } }` },
  { name: 'startLivelihoodModel', touches: [HOME], source: `mutation { startLivelihoodModel(id: "LM", on: "2024-02-01") { id } }` },
  { name: 'completeLivelihoodModel', touches: [HOME], source: `mutation { completeLivelihoodModel(id: "LM", on: "2024-02-01") { id } }` },
  { name: 'suspendLivelihoodModel', touches: [HOME], source: `mutation { suspendLivelihoodModel(id: "LM", on: "2024-02-01", note: "test") { id } }` },
  { name: 'enrollHousehold', touches: [HOME], source: `mutation { enrollHousehold(modelId: "LM", householdId: "HM", enrolledOn: "2024-02-01") { enrolledOn } }` },
  { name: 'withdrawHousehold', touches: [HOME], source: `mutation { withdrawHousehold(modelId: "LM", householdId: "HM", withdrawnOn: "2024-02-01", reason: "test") { enrolledOn } }` },
  { name: 'evaluateLivelihoodModel', touches: [HOME], source: `mutation { evaluateLivelihoodModel(input: { modelId: "LM", evaluatedOn: "2024-02-01", rating: FAIR, replicable: false }) { rating } }` },
];

describe('DOLISA authorisation matrix', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await subgraph.database.db.execute(sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, head_id_number, registered_on, synthetic)
      values ('HM', ${HOME}, 3, '21', 'Matrix Head (synthetic)', '000000000001', '2020-01-01', true)`);
    await subgraph.database.db.execute(sql`insert into dolisa.livelihood_models (id, commune_code, name, sector, status, start_date, end_date, planned_budget, synthetic)
      values ('LM', ${HOME}, 'Matrix model', 'CROPS', 'ACTIVE', '2024-01-01', '2024-12-31', 1000000, true)`);
  });
  afterAll(() => subgraph?.close());

  const callers: Caller[] = DEPARTMENTS.flatMap((department) => ROLES.flatMap((role) => AREAS.map((area) => testCaller({ department, role, area }))));
  const allowed = (caller: Caller, touches: string[]) => caller.department === 'DOLISA' && caller.role === 'officer' && touches.every((c) => covers(caller, c));

  it.each(MUTATIONS)('$name: allowed only for DOLISA officers covering the record', async ({ name, touches, source }) => {
    const outcomes = await Promise.all(callers.map(async (caller) => {
      const result = await subgraph.execute<any>(source, undefined, { caller });
      const code = result.errors?.[0]?.extensions?.code;
      return { who: `${caller.department}/${caller.role}/${caller.area}`, forbidden: code === 'FORBIDDEN', expectedForbidden: !allowed(caller, touches) };
    }));
    expect(outcomes.filter((o) => o.forbidden !== o.expectedForbidden)).toEqual([]);
    // Sanity: the matrix has both answers for every mutation.
    expect(outcomes.some((o) => !o.forbidden)).toBe(true);
    const [denials] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.audit_log where operation = ${name} and outcome = 'DENIED'`);
    expect(denials!.n).toBe(outcomes.filter((o) => o.forbidden).length);
  });

  it('never shows personal data to anyone but a DOLISA officer covering the household', async () => {
    for (const caller of callers) {
      const result = await subgraph.execute<any>(`{ household(id: "HM") { headName headIdNumber memberCount } }`, undefined, { caller });
      // The household may have moved to the neighbour commune during the matrix; read its commune back.
      const [row] = await subgraph.database.rows<{ commune_code: string }>(sql`select commune_code from dolisa.households where id = 'HM'`);
      const expected = caller.department === 'DOLISA' && caller.role === 'officer' && covers(caller, row!.commune_code);
      expect(result.data?.household?.memberCount).toBeGreaterThan(0);
      if (expected) {
        expect(result.data.household.headName).toBe('Matrix Head (synthetic)');
      } else {
        expect(result.data.household.headName).toBeNull();
        expect(result.data.household.headIdNumber).toBeNull();
        expect(result.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      }
    }
  });

  it('keeps the audit trail append-only', async () => {
    await expect(subgraph.database.db.execute(sql`update dolisa.audit_log set reason = 'edited'`)).rejects.toThrow();
    await expect(subgraph.database.db.execute(sql`delete from dolisa.audit_log`)).rejects.toThrow();
  });
});
