import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, stubGraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { finance } from '../index';

/** One model per flag, each in its own commune of Bác Ái (584), so that one flag's money never meets another's. */
const MODELS = { overlap: '22783', overDisbursed: '22786', unsettled: '22789', fragmented: '22792', overPlan: '22795' } as const;
const modelId = (key: keyof typeof MODELS) => `LM-${MODELS[key]}-1`;
const graph = stubGraph((source, variables) => {
  const id = String(variables.id);
  if (source.includes('ModelForWrite')) {
    const commune = Object.values(MODELS).find((c) => id === `LM-${c}-1`);
    return { livelihoodModel: commune ? { id, status: 'ACTIVE', commune: { code: commune } } : null };
  }
  if (source.includes('HouseholdForWrite')) return { household: id.startsWith('HH-') ? { id, commune: { code: id.slice(3, 8) } } : null };
  throw new Error(`unexpected lookup ${source}`);
});
const officer = testCaller({ department: 'FINANCE', role: 'officer', area: '584', subject: 'finance-584' });

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** DOLISA's facts as @requires would send them; the tests change them as DOLISA would. */
interface Facts { status: string; endDate: string; plannedBudget: number }
const facts: Record<string, Facts> = Object.fromEntries(Object.keys(MODELS).map((k) => [modelId(k as keyof typeof MODELS), { status: 'ACTIVE', endDate: '2025-12-28', plannedBudget: 1_000_000_000 }]));

describe('Funding flags', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables: Record<string, unknown> = {}) => subgraph.execute<any>(source, variables, { caller: officer });
  async function allocate(model: keyof typeof MODELS, input: Record<string, unknown>): Promise<string> {
    const result = await run(`mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id } }`, {
      input: { modelId: modelId(model), sourceCode: 'NTP-GN-P2', item: 'BREED_LIVESTOCK', year: 2024, approved: 100_000_000, ...input },
    });
    expect(result.errors).toBeUndefined();
    return result.data.allocateFunding.id;
  }
  async function ok(source: string, variables: Record<string, unknown>) {
    const result = await run(source, variables);
    expect(result.errors).toBeUndefined();
    return result.data;
  }
  const pay = (id: string, amount: number, paidOn = '2024-02-01') =>
    ok(`mutation($id: ID!, $amount: Vnd!, $on: Date!) { recordDisbursement(allocationId: $id, input: { amount: $amount, paidOn: $on }) { id } }`, { id, amount, on: paidOn });
  const amend = async (id: string, input: Record<string, unknown>) => {
    const { fundingAllocation } = await ok(`query($id: ID!) { fundingAllocation(id: $id) { version } }`, { id });
    return ok(`mutation($id: ID!, $v: Int!, $input: AmendAllocationInput!) { amendAllocation(id: $id, expectedVersion: $v, input: $input, reason: "Corrected (test)") { id } }`,
      { id, v: fundingAllocation.version, input });
  };
  /** The model's flags, read as the gateway asks: with DOLISA's facts in the representation. */
  async function flagsOf(model: keyof typeof MODELS): Promise<{ code: string; detail: string; allocations: string[] }[]> {
    const id = modelId(model);
    const result = await subgraph.execute<any>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { funding { flags { code detail allocations { id } } } } } }`,
      { r: [{ __typename: 'LivelihoodModel', id, ...facts[id] }] });
    expect(result.errors).toBeUndefined();
    return result.data._entities[0].funding.flags.map((f: any) => ({ ...f, allocations: f.allocations.map((a: any) => a.id) }));
  }
  /** The district's counts for 2024, as the gateway asks: with DOLISA's modelStatuses of the district. */
  async function districtCounts(): Promise<Record<string, number>> {
    const modelStatuses = Object.entries(facts).map(([id, f]) => ({ id, ...f }));
    const result = await subgraph.execute<any>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on District { fundingSummary(year: 2024) { flagCounts { code count } } } } }`,
      { r: [{ __typename: 'District', code: '584', modelStatuses }] });
    expect(result.errors).toBeUndefined();
    return Object.fromEntries(result.data._entities[0].fundingSummary.flagCounts.map((c: any) => [c.code, c.count]));
  }

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance, { graph });
  });
  afterAll(() => subgraph?.close());

  it('OVERLAP: the same household given the same item in one year from two sources, named; cleared by a cancellation', async () => {
    const first = await allocate('overlap', { householdId: 'HH-22783-000007', approved: 15_000_000 });
    await allocate('overlap', { householdId: 'HH-22783-000007', approved: 15_000_000, item: 'SEED' });
    await allocate('overlap', { householdId: 'HH-22783-000007', approved: 15_000_000, year: 2023 });
    expect(await flagsOf('overlap')).toEqual([]);
    const second = await allocate('overlap', { householdId: 'HH-22783-000007', approved: 12_000_000, sourceCode: 'VNN' });
    const [flag, ...rest] = await flagsOf('overlap');
    expect(rest).toEqual([]);
    expect(flag).toEqual({ code: 'OVERLAP', allocations: [first, second].sort(), detail: expect.stringContaining('received BREED_LIVESTOCK in 2024 from 2 allocations') });
    expect(flag!.detail).toContain(`${first} (NTP-GN-P2, 15,000,000 VND)`);
    expect(flag!.detail).toContain(`${second} (VNN, 12,000,000 VND)`);
    expect(flag!.detail).not.toContain('HH-');
    expect((await districtCounts()).OVERLAP).toBe(1);

    await ok(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "Paid by the fund instead (test)") { status } }`, { id: first });
    expect(await flagsOf('overlap')).toEqual([]);
    expect((await districtCounts()).OVERLAP).toBe(0);
    // Moving the other one to the same item again raises it again; amending its item away clears it.
    const third = await allocate('overlap', { householdId: 'HH-22783-000007', approved: 11_000_000, item: 'SEED', sourceCode: 'XHH-DN' });
    expect((await flagsOf('overlap')).map((f) => f.code)).toEqual(['OVERLAP']);
    await amend(third, { item: 'TRAINING' });
    expect(await flagsOf('overlap')).toEqual([]);
  });

  it('OVER_DISBURSED: payments beyond the approved amount, named; cleared by an amendment of the amount', async () => {
    const id = await allocate('overDisbursed', { approved: 300_000_000 });
    await pay(id, 200_000_000);
    expect(await flagsOf('overDisbursed')).toEqual([]);
    await pay(id, 130_000_000, '2024-05-01');
    expect(await flagsOf('overDisbursed')).toEqual([{
      code: 'OVER_DISBURSED', allocations: [id],
      detail: `${id} (NTP-GN-P2, BREED_LIVESTOCK 2024) disbursed 330,000,000 VND of 300,000,000 VND approved: 30,000,000 VND over`,
    }]);
    expect((await districtCounts()).OVER_DISBURSED).toBe(1);
    await amend(id, { approved: 330_000_000 });
    expect(await flagsOf('overDisbursed')).toEqual([]);
    expect((await districtCounts()).OVER_DISBURSED).toBe(0);
  });

  it('UNSETTLED: money of a completed model still unsettled after the rule\'s 90 days, by DOLISA\'s status and end; cleared by a settlement', async () => {
    const id = await allocate('unsettled', { approved: 200_000_000 });
    const other = await allocate('unsettled', { approved: 50_000_000, sourceCode: 'DOI-UNG', item: 'TRAINING' });
    await pay(id, 200_000_000);
    await pay(other, 50_000_000);
    await ok(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 50000000, settledOn: "2024-11-01" }) { id } }`, { id: other });
    const today = todayInVietnam();
    const unsettled = modelId('unsettled');
    expect(await flagsOf('unsettled')).toEqual([]); // still ACTIVE
    facts[unsettled] = { ...facts[unsettled]!, status: 'COMPLETED', endDate: shiftDays(today, -90) };
    expect(await flagsOf('unsettled')).toEqual([]); // 90 days are allowed
    facts[unsettled] = { ...facts[unsettled]!, endDate: shiftDays(today, -91) };
    const [flag] = await flagsOf('unsettled');
    expect(flag).toEqual({ code: 'UNSETTLED', allocations: [id], detail: expect.stringContaining('91 days on (the rule allows 90), 1 allocation(s) hold 200,000,000 VND disbursed and not settled') });
    expect((await districtCounts()).UNSETTLED).toBe(1);
    await ok(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 150000000, settledOn: "2024-12-01" }) { id } }`, { id });
    expect((await flagsOf('unsettled'))[0]!.detail).toContain('50,000,000 VND disbursed and not settled');
    await ok(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 50000000, settledOn: "2024-12-02" }) { id } }`, { id });
    expect(await flagsOf('unsettled')).toEqual([]);
    expect((await districtCounts()).UNSETTLED).toBe(0);
  });

  it('FRAGMENTED: more than 3 allocations under 10 million in one model-year from at least 2 sources; cleared by an amendment', async () => {
    const small = (sourceCode: string, approved = 6_000_000) => allocate('fragmented', { sourceCode, approved, item: 'TRAINING' });
    const ids = [await small('VNN'), await small('VNN'), await small('VNN'), await small('VNN')];
    expect(await flagsOf('fragmented')).toEqual([]); // one source only
    await amend(ids[3]!, { sourceCode: 'XHH-DN' });
    const [flag] = await flagsOf('fragmented');
    expect(flag).toEqual({ code: 'FRAGMENTED', allocations: [...ids].sort(), detail: expect.stringMatching(/^4 allocations under 10,000,000 VND in 2024 from 2 sources: /) });
    expect((await districtCounts()).FRAGMENTED).toBe(1);
    await small('DOI-UNG', 10_000_000); // not small: 10 million is the threshold
    expect((await flagsOf('fragmented'))[0]!.allocations).toHaveLength(4);
    await amend(ids[0]!, { approved: 10_000_000 });
    expect(await flagsOf('fragmented')).toEqual([]);
    expect((await districtCounts()).FRAGMENTED).toBe(0);
  });

  it('FRAGMENTED follows its thresholds where they are set (flag_rules): a changed rule re-derives the rollups', async () => {
    expect(await flagsOf('fragmented')).toEqual([]);
    await subgraph.database.db.execute(sql`update finance.flag_rules set value = 10000001 where name = 'FRAGMENTED_SMALL_BELOW_VND'`);
    try {
      expect((await flagsOf('fragmented')).map((f) => f.code)).toEqual(['FRAGMENTED']);
      expect((await districtCounts()).FRAGMENTED).toBe(1);
      const rules = await run(`{ fundingFlagRules { name code value } }`);
      expect(rules.data.fundingFlagRules).toContainEqual({ name: 'FRAGMENTED_SMALL_BELOW_VND', code: 'FRAGMENTED', value: 10_000_001 });
    } finally {
      await subgraph.database.db.execute(sql`update finance.flag_rules set value = 10000000 where name = 'FRAGMENTED_SMALL_BELOW_VND'`);
    }
    expect(await flagsOf('fragmented')).toEqual([]);
  });

  it('OVER_PLAN: approved above DOLISA\'s planned budget, named; follows a budget revision with no write in Finance, and an amendment', async () => {
    const overPlan = modelId('overPlan');
    const a = await allocate('overPlan', { approved: 600_000_000, year: 2023 });
    const b = await allocate('overPlan', { approved: 450_000_000, sourceCode: 'NS-TINH', item: 'EQUIPMENT' });
    const [flag] = await flagsOf('overPlan');
    expect(flag).toEqual({
      code: 'OVER_PLAN', allocations: [a, b],
      detail: `1,050,000,000 VND approved over 2 allocations is 50,000,000 VND above the planned budget of 1,000,000,000 VND: ${a}, ${b}`,
    });
    expect((await districtCounts()).OVER_PLAN).toBe(1); // named a 2024 allocation
    const writes = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.audit_log`);
    facts[overPlan] = { ...facts[overPlan]!, plannedBudget: 1_050_000_000 };
    expect(await flagsOf('overPlan')).toEqual([]);
    expect((await districtCounts()).OVER_PLAN).toBe(0);
    expect(await subgraph.database.rows(sql`select count(*)::int as n from finance.audit_log`)).toEqual(writes);
    facts[overPlan] = { ...facts[overPlan]!, plannedBudget: 900_000_000 };
    expect((await flagsOf('overPlan')).map((f) => f.code)).toEqual(['OVER_PLAN']);
    await amend(b, { approved: 300_000_000 });
    expect(await flagsOf('overPlan')).toEqual([]);
  });

  it('counts flags per year: a flag counts in each year whose allocations it names', async () => {
    const overPlan = modelId('overPlan');
    facts[overPlan] = { ...facts[overPlan]!, plannedBudget: 100_000_000 };
    const modelStatuses = Object.entries(facts).map(([id, f]) => ({ id, ...f }));
    const result = await subgraph.execute<any>(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune {
      a: fundingSummary(year: 2023) { flagCounts { code count } } b: fundingSummary(year: 2024) { flagCounts { code count } } c: fundingSummary(year: 2025) { flagCounts { code count } } } } }`,
    { r: [{ __typename: 'Commune', code: MODELS.overPlan, modelStatuses: modelStatuses.filter((m) => m.id === overPlan) }] });
    expect(result.errors).toBeUndefined();
    const overPlanCount = (year: 'a' | 'b' | 'c') => result.data._entities[0][year].flagCounts.find((c: any) => c.code === 'OVER_PLAN').count;
    expect([overPlanCount('a'), overPlanCount('b'), overPlanCount('c')]).toEqual([1, 1, 0]);
  });
});
