import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { formatError, openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

const officer = testCaller({ department: 'DOLISA', role: 'officer', area: '58' });

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id version commune { code } areaType minority headName } }`;
const ASSESS = `mutation($input: AssessmentInput!) { recordAssessment(input: $input) { year classification deprivationCount commune { code } standard { decree incomeLine } isCurrent } }`;
const CORRECT = `mutation($input: AssessmentInput!, $reason: String!) { correctAssessment(input: $input, reason: $reason) { year classification incomePerCapitaMonthly isCurrent } }`;

describe('DOLISA household registry and Decree 07 reviews', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const counts = async () => (await subgraph.database.rows<{ h: number; v: number; a: number }>(sql`
    select (select count(*) from dolisa.households)::int as h, (select count(*) from dolisa.household_versions)::int as v,
           (select count(*) from dolisa.poverty_assessments)::int as a`))[0];

  beforeAll(async () => { subgraph = await openTestSubgraph(dolisa); });
  afterAll(() => subgraph?.close());

  let id: string;
  it('registers a household with its area type derived from the commune and starts its history', async () => {
    const result = await run(REGISTER, { input: { communeCode: '22783', memberCount: 5, headEthnicGroupCode: '21', headName: 'Test Head (synthetic)', registeredOn: '2020-05-01' } });
    expect(result.errors).toBeUndefined();
    expect(result.data.registerHousehold).toMatchObject({ version: 1, commune: { code: '22783' }, areaType: 'RURAL', minority: true, headName: 'Test Head (synthetic)' });
    id = result.data.registerHousehold.id;
    expect(id).toMatch(/^HH-22783-/);
  });

  it('rejects bad input with the offending field and writes nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ communeCode: '99999' }, 'input.communeCode'],
      [{ memberCount: 0 }, 'input.memberCount'],
      [{ headEthnicGroupCode: '77' }, 'input.headEthnicGroupCode'],
      [{ headName: '   ' }, 'input.headName'],
      [{ headIdNumber: '12AB' }, 'input.headIdNumber'],
      [{ registeredOn: '2999-01-01' }, 'input.registeredOn'],
    ];
    for (const [change, field] of cases) {
      const input = { communeCode: '22783', memberCount: 3, headEthnicGroupCode: '01', headName: 'X (synthetic)', registeredOn: '2020-01-01', ...change };
      expect(errorOf(await run(REGISTER, { input }))).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await counts()).toEqual(before);
  });

  it('classifies reviews on the server, one per year, and keeps corrected versions', async () => {
    const poor = await run(ASSESS, { input: { householdId: id, year: 2023, incomePerCapitaMonthly: 1_500_000, deprivations: ['NUTRITION', 'HOUSING_AREA', 'DOMESTIC_WATER'], assessedOn: '2023-10-15' } });
    expect(poor.errors).toBeUndefined();
    expect(poor.data.recordAssessment).toEqual({ year: 2023, classification: 'POOR', deprivationCount: 3, commune: { code: '22783' }, standard: { decree: '07/2021/NĐ-CP', incomeLine: 1_500_000 }, isCurrent: true });

    const again = await run(ASSESS, { input: { householdId: id, year: 2023, incomePerCapitaMonthly: 900_000, deprivations: [], assessedOn: '2023-11-01' } });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', field: 'input.year' });

    const corrected = await run(CORRECT, { input: { householdId: id, year: 2023, incomePerCapitaMonthly: 1_500_001, deprivations: ['NUTRITION'], assessedOn: '2023-10-20' }, reason: 'Income misread on form B1' });
    expect(corrected.data.correctAssessment).toEqual({ year: 2023, classification: 'AVERAGE_LIVING', incomePerCapitaMonthly: 1_500_001, isCurrent: true });

    // The same correction again (a retry) answers the review as it stands and writes no version.
    const versions = (await counts())!.a;
    const repeated = await run(CORRECT, { input: { householdId: id, year: 2023, incomePerCapitaMonthly: 1_500_001, deprivations: ['NUTRITION'], assessedOn: '2023-10-20' }, reason: 'Income misread on form B1' });
    expect(repeated.errors).toBeUndefined();
    expect(repeated.data.correctAssessment).toEqual({ year: 2023, classification: 'AVERAGE_LIVING', incomePerCapitaMonthly: 1_500_001, isCurrent: true });
    expect((await counts())!.a).toBe(versions);

    const read = await run(`{ household(id: "${id}") { assessment(year: 2023) { classification } assessmentHistory(year: 2023) { classification isCurrent } } }`);
    expect(read.data.household).toEqual({
      assessment: { classification: 'AVERAGE_LIVING' },
      assessmentHistory: [{ classification: 'POOR', isCurrent: false }, { classification: 'AVERAGE_LIVING', isCurrent: true }],
    });
  });

  it('rejects reviews that cannot be right', async () => {
    const base = { householdId: id, year: 2024, incomePerCapitaMonthly: 1_000_000, deprivations: [], assessedOn: '2024-10-01' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ deprivations: ['NUTRITION', 'NUTRITION'] }, 'BAD_USER_INPUT', 'input.deprivations'],
      [{ assessedOn: '2026-05-01' }, 'BAD_USER_INPUT', 'input.assessedOn'],
      [{ assessedOn: '2019-01-01', year: 2019 }, 'BAD_USER_INPUT', 'input.assessedOn'],
      [{ incomePerCapitaMonthly: -1 }, 'BAD_USER_INPUT', 'input.incomePerCapitaMonthly'],
      [{ year: 2030, assessedOn: '2030-10-01' }, 'BAD_USER_INPUT', 'input.assessedOn'],
      [{ householdId: 'HH-NOPE' }, 'NOT_FOUND', 'input.householdId'],
    ];
    for (const [change, code, field] of cases) {
      expect(errorOf(await run(ASSESS, { input: { ...base, ...change } }))).toMatchObject({ code, field });
    }
    expect(errorOf(await run(CORRECT, { input: base, reason: 'x' }))).toMatchObject({ code: 'NOT_FOUND', field: 'input.year' });
  });

  it('updates with optimistic concurrency, moves and dissolves, keeping every version', async () => {
    const stale = await run(`mutation { updateHousehold(id: "${id}", expectedVersion: 7, input: { memberCount: 6 }) { version } }`);
    expect(errorOf(stale)).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const updated = await run(`mutation { updateHousehold(id: "${id}", expectedVersion: 1, input: { memberCount: 6 }) { version memberCount } }`);
    expect(updated.data.updateHousehold).toEqual({ version: 2, memberCount: 6 });
    const moved = await run(`mutation { moveHousehold(id: "${id}", expectedVersion: 2, toCommuneCode: "22738", movedOn: "2024-02-01") { version commune { code } areaType } }`);
    expect(moved.data.moveHousehold).toEqual({ version: 3, commune: { code: '22738' }, areaType: 'URBAN' });
    const noReason = await run(`mutation { dissolveHousehold(id: "${id}", expectedVersion: 3, dissolvedOn: "2024-06-01", reason: "") { version } }`);
    expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const dissolved = await run(`mutation { dissolveHousehold(id: "${id}", expectedVersion: 3, dissolvedOn: "2024-06-01", reason: "Merged into the son's household") { version dissolvedOn } }`);
    expect(dissolved.data.dissolveHousehold).toEqual({ version: 4, dissolvedOn: '2024-06-01' });
    const history = await run(`{ household(id: "${id}") { history { version change communeCode memberCount } } }`);
    expect(history.data.household.history).toEqual([
      { version: 1, change: 'REGISTERED', communeCode: '22783', memberCount: 5 },
      { version: 2, change: 'UPDATED', communeCode: '22783', memberCount: 6 },
      { version: 3, change: 'MOVED', communeCode: '22738', memberCount: 6 },
      { version: 4, change: 'DISSOLVED', communeCode: '22738', memberCount: 6 },
    ]);
    // The 2023 review stays counted in Phước Bình, where the household lived then.
    const stats = await run(`{ commune(code: "22783") { povertyStats(year: 2023) { households } } other: commune(code: "22738") { povertyStats(year: 2023) { households } } }`);
    expect(stats.data).toEqual({ commune: { povertyStats: { households: 1 } }, other: { povertyStats: { households: 0 } } });
  });

  it('rolls a mutation back whole when a later step of it fails', async () => {
    // Make the history insert (the second write of registerHousehold) fail for one name.
    await subgraph.database.db.execute(sql.raw(`
      create function dolisa.fail_history() returns trigger language plpgsql as $$
      begin if new.snapshot->>'headName' = 'Rollback (synthetic)' then raise exception 'injected failure'; end if; return new; end $$`));
    await subgraph.database.db.execute(sql.raw(`create trigger fail_history before insert on dolisa.household_versions for each row execute function dolisa.fail_history()`));
    const before = await counts();
    const [auditBefore] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.audit_log`);
    const result = await run(REGISTER, { input: { communeCode: '22783', memberCount: 2, headEthnicGroupCode: '01', headName: 'Rollback (synthetic)', registeredOn: '2020-01-01' } });
    // What the HTTP endpoint would send: a generic error, never the database's message.
    const sent = formatError(result.errors![0]!.toJSON(), result.errors![0]);
    expect(sent).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(sent)).not.toContain('injected failure');
    expect(await counts()).toEqual(before);
    const [auditAfter] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from dolisa.audit_log`);
    expect(auditAfter).toEqual(auditBefore);
    await subgraph.database.db.execute(sql.raw(`drop trigger fail_history on dolisa.household_versions`));
  });

  it('lists households of a unit page by page, by review year and class', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await run(REGISTER, { input: { communeCode: '22786', memberCount: 2, headEthnicGroupCode: '01', headName: `Page ${i} (synthetic)`, registeredOn: '2021-01-01' } });
      await run(ASSESS, { input: { householdId: r.data.registerHousehold.id, year: 2024, incomePerCapitaMonthly: i === 0 ? 3_000_000 : 800_000, deprivations: ['EMPLOYMENT', 'NUTRITION', 'HOUSING_QUALITY'], assessedOn: '2024-10-01' } });
    }
    const page = `query($after: String) { commune(code: "22786") { households(first: 1, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const first = await run(page);
    expect(first.data.commune.households).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const second = await run(page, { after: first.data.commune.households.pageInfo.endCursor });
    expect(second.data.commune.households.edges[0].node.id > first.data.commune.households.edges[0].node.id).toBe(true);
    const poor = await run(`{ district(code: "584") { households(year: 2024, classification: POOR) { totalCount } } }`);
    expect(poor.data.district.households.totalCount).toBe(2);
    const bad = await run(`{ commune(code: "22786") { households(classification: POOR) { totalCount } } }`);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classification' });
    const tooMany = await run(`{ commune(code: "22786") { households(first: 501) { totalCount } } }`);
    expect(errorOf(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
