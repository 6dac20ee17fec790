import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, serviceUnavailable, stubGraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';

/** DOLISA's registry as the stub graph answers it: Phước Bình (22783, Bác Ái 584) and Đô Vinh (22738, city 582). */
const MODELS: Record<string, { id: string; status: string; commune: { code: string } }> = {
  'LM-22783-1': { id: 'LM-22783-1', status: 'ACTIVE', commune: { code: '22783' } },
  'LM-22738-1': { id: 'LM-22738-1', status: 'ACTIVE', commune: { code: '22738' } },
};
const HOUSEHOLDS: Record<string, { id: string; commune: { code: string } }> = {
  'HH-22783-000001': { id: 'HH-22783-000001', commune: { code: '22783' } },
};
let graphDown = false;
const graph = stubGraph((source, variables) => {
  if (graphDown) throw serviceUnavailable('The graph did not answer (test)');
  const id = String(variables.id);
  if (source.includes('ModelForWrite')) return { livelihoodModel: MODELS[id] ?? null };
  if (source.includes('HouseholdForWrite')) return { household: HOUSEHOLDS[id] ?? null };
  throw new Error(`unexpected lookup ${source}`);
});

const officer584 = testCaller({ department: 'FINANCE', role: 'officer', area: '584', subject: 'finance-584' });
const officer582 = testCaller({ department: 'FINANCE', role: 'officer', area: '582', subject: 'finance-582' });
const dolisa584 = testCaller({ department: 'DOLISA', role: 'officer', area: '584', subject: 'dolisa-584' });

const ALLOCATE = `mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id version status commune { code } model { id } item year approved disbursed settled source { code } history { version change approved reason recordedBy } } }`;
const base = { sourceCode: 'NTP-GN-P2', modelId: 'LM-22783-1', item: 'BREED_LIVESTOCK', year: 2024, approved: 120_000_000 };

describe('Finance writes', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables: Record<string, unknown> = {}, caller = officer584) => subgraph.execute<any>(source, variables, { caller });
  const counts = async () => (await subgraph.database.rows<Record<string, number>>(sql`select
    (select count(*)::int from finance.allocations) as allocations, (select count(*)::int from finance.allocation_versions) as versions,
    (select count(*)::int from finance.disbursements) as disbursements, (select count(*)::int from finance.settlements) as settlements,
    (select coalesce(sum(allocations), 0)::int from finance.allocation_rollup) as rollup,
    (select count(*)::int from finance.audit_log where outcome = 'OK') as audited`))[0]!;
  /** Runs a write that must fail, and shows the database unchanged after it. */
  async function refused(source: string, variables: Record<string, unknown>, caller = officer584) {
    const before = await counts();
    const result = await run(source, variables, caller);
    expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
    expect(await counts()).toEqual(before);
    return result.errors![0]!;
  }

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance, { graph });
  });
  afterAll(() => subgraph?.close());

  it('allocates to a model in the officer\'s area: the model\'s commune, version 1 in the history, audited', async () => {
    const result = await run(ALLOCATE, { input: { ...base, note: ' Breeding cows for 10 households ' } });
    expect(result.errors).toBeUndefined();
    const allocation = result.data.allocateFunding;
    expect(allocation).toMatchObject({
      id: expect.stringMatching(/^AL-22783-2024-[0-9A-F]{8}$/), version: 1, status: 'ACTIVE', commune: { code: '22783' }, model: { id: 'LM-22783-1' },
      item: 'BREED_LIVESTOCK', year: 2024, approved: 120_000_000, disbursed: 0, settled: 0, source: { code: 'NTP-GN-P2' },
      history: [{ version: 1, change: 'ALLOCATED', approved: 120_000_000, reason: null, recordedBy: 'finance-584' }],
    });
    const [audit] = await subgraph.database.rows<{ operation: string; units: string[]; subject: string }>(
      sql`select operation, units, subject from finance.audit_log where entity_key = ${allocation.id}`);
    expect(audit).toEqual({ operation: 'allocateFunding', units: ['22783'], subject: 'finance-584' });
  });

  it('refuses a Finance officer of another district (FORBIDDEN, audited) and DOLISA officers, leaving nothing written', async () => {
    const error = await refused(ALLOCATE, { input: base }, officer582);
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(error.message).toMatch(/outside your area/);
    expect((await refused(ALLOCATE, { input: base }, dolisa584)).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const denied = await subgraph.database.rows<{ subject: string; operation: string; units: string[] }>(
      sql`select subject, operation, units from finance.audit_log where outcome = 'DENIED' order by id`);
    expect(denied).toEqual([
      { subject: 'finance-582', operation: 'allocateFunding', units: ['22783'] },
      { subject: 'dolisa-584', operation: 'allocateFunding', units: null },
    ]);
  });

  it('gives a clear error naming the field, and writes nothing, for bad money, unknown sources, models, households and units', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, approved: -5 }, 'BAD_USER_INPUT', 'input.approved'],
      [{ ...base, approved: 0 }, 'BAD_USER_INPUT', 'input.approved'],
      [{ ...base, sourceCode: 'NOPE' }, 'BAD_USER_INPUT', 'input.sourceCode'],
      [{ ...base, modelId: 'LM-99999-9' }, 'NOT_FOUND', 'input.modelId'],
      [{ ...base, householdId: 'HH-00000-000000' }, 'NOT_FOUND', 'input.householdId'],
      [{ ...base, communeCode: '22786' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ ...base, modelId: null }, 'BAD_USER_INPUT', 'input.modelId'],
      [{ ...base, modelId: null, communeCode: '99999' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ ...base, year: 1999 }, 'BAD_USER_INPUT', 'input.year'],
      [{ ...base, note: ' ' }, 'BAD_USER_INPUT', 'input.note'],
    ];
    for (const [input, code, field] of cases) {
      expect((await refused(ALLOCATE, { input })).extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const fraction = await refused(ALLOCATE, { input: { ...base, approved: 1.5 } });
    expect(fraction.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(fraction.message).toMatch(/whole number/);
  });

  it('refuses with SERVICE_UNAVAILABLE when DOLISA cannot be asked, never guessing', async () => {
    graphDown = true;
    try {
      expect((await refused(ALLOCATE, { input: base })).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      graphDown = false;
    }
  });

  it('records dated payments and settlements: totals follow, over-payment is accepted, over-settlement refused', async () => {
    const { id } = (await run(ALLOCATE, { input: { ...base, householdId: 'HH-22783-000001' } })).data.allocateFunding;
    const pay = (amount: number, paidOn = '2024-03-01') => run(`mutation($id: ID!, $input: DisbursementInput!) { recordDisbursement(allocationId: $id, input: $input) {
      id amount paidOn reference allocation { disbursed settled } } }`, { id, input: { amount, paidOn, reference: 'UNC-1' } });
    const settle = (amount: number) => run(`mutation($id: ID!, $input: SettlementInput!) { settleAllocation(allocationId: $id, input: $input) {
      amount settledOn allocation { disbursed settled } } }`, { id, input: { amount, settledOn: '2024-12-20', documentNumber: 'QT-1' } });
    expect((await pay(100_000_000)).data.recordDisbursement).toMatchObject({ amount: 100_000_000, paidOn: '2024-03-01', allocation: { disbursed: 100_000_000, settled: 0 } });
    expect((await pay(30_000_000, '2024-06-01')).data.recordDisbursement.allocation).toEqual({ disbursed: 130_000_000, settled: 0 });
    expect((await settle(90_000_000)).data.settleAllocation).toMatchObject({ amount: 90_000_000, allocation: { disbursed: 130_000_000, settled: 90_000_000 } });
    const over = await refused(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 40000001, settledOn: "2024-12-21" }) { amount } }`, { id });
    expect(over.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount' });
    expect(over.message).toMatch(/above what is disbursed and not yet settled \(40000000 VND/);
    const future = await refused(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 1, paidOn: "2999-01-01" }) { id } }`, { id });
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.paidOn' });
    expect((await refused(`mutation { recordDisbursement(allocationId: "AL-NOPE", input: { amount: 1, paidOn: "2024-01-01" }) { id } }`, {}))
      .extensions).toMatchObject({ code: 'NOT_FOUND', field: 'allocationId' });
    expect((await refused(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 1, paidOn: "2024-01-01" }) { id } }`, { id }, officer582))
      .extensions).toMatchObject({ code: 'FORBIDDEN' });

    const read = await run(`query($id: ID!) { fundingAllocation(id: $id) { disbursements { amount paidOn reference recordedBy } settlements { amount settledOn documentNumber } household { id } } }`, { id });
    expect(read.data.fundingAllocation).toEqual({
      disbursements: [{ amount: 100_000_000, paidOn: '2024-03-01', reference: 'UNC-1', recordedBy: 'finance-584' }, { amount: 30_000_000, paidOn: '2024-06-01', reference: 'UNC-1', recordedBy: 'finance-584' }],
      settlements: [{ amount: 90_000_000, settledOn: '2024-12-20', documentNumber: 'QT-1' }],
      household: { id: 'HH-22783-000001' },
    });
  });

  it('amends with expectedVersion and a reason, keeping every version; a stale version is a CONFLICT', async () => {
    const { id } = (await run(ALLOCATE, { input: base })).data.allocateFunding;
    const amend = (version: number, input: Record<string, unknown>, reason = 'Price of breeding cows rose (test)') =>
      run(`mutation($id: ID!, $v: Int!, $input: AmendAllocationInput!, $reason: String!) { amendAllocation(id: $id, expectedVersion: $v, input: $input, reason: $reason) {
        version approved item source { code } household { id } history { version change approved item reason } } }`, { id, v: version, input, reason });
    const amended = await amend(1, { approved: 150_000_000, sourceCode: 'VNN', householdId: 'HH-22783-000001' });
    expect(amended.errors).toBeUndefined();
    expect(amended.data.amendAllocation).toMatchObject({
      version: 2, approved: 150_000_000, source: { code: 'VNN' }, household: { id: 'HH-22783-000001' },
      history: [
        { version: 1, change: 'ALLOCATED', approved: 120_000_000, item: 'BREED_LIVESTOCK', reason: null },
        { version: 2, change: 'AMENDED', approved: 150_000_000, item: 'BREED_LIVESTOCK', reason: 'Price of breeding cows rose (test)' },
      ],
    });
    expect((await refused(`mutation($id: ID!) { amendAllocation(id: $id, expectedVersion: 1, input: { approved: 1 }, reason: "x") { id } }`, { id }))
      .extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await refused(`mutation($id: ID!) { amendAllocation(id: $id, expectedVersion: 2, input: { approved: 150000000 }, reason: "x") { id } }`, { id }))
      .extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect((await refused(`mutation($id: ID!) { amendAllocation(id: $id, expectedVersion: 2, input: { householdId: "HH-404" }, reason: "x") { id } }`, { id }))
      .extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.householdId' });
    const cleared = await amend(2, { householdId: null }, 'Support goes to the group (test)');
    expect(cleared.data.amendAllocation).toMatchObject({ version: 3, household: null });
  });

  it('cancels an allocation nothing was paid from (the row stays, marked), and refuses to cancel one with payments', async () => {
    const { id } = (await run(ALLOCATE, { input: base })).data.allocateFunding;
    const cancel = (allocationId: string) => run(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "Entered twice (test)") {
      status version cancelledOn cancellationReason history { change } } }`, { id: allocationId });
    const cancelled = await cancel(id);
    expect(cancelled.data.cancelAllocation).toMatchObject({ status: 'CANCELLED', version: 2, cancellationReason: 'Entered twice (test)', history: [{ change: 'ALLOCATED' }, { change: 'CANCELLED' }] });
    expect(cancelled.data.cancelAllocation.cancelledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await refused(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "again") { id } }`, { id })).extensions).toMatchObject({ code: 'CONFLICT' });
    expect((await refused(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 1, paidOn: "2024-01-01" }) { id } }`, { id }))
      .extensions).toMatchObject({ code: 'CONFLICT', field: 'allocationId' });
    expect((await refused(`mutation($id: ID!) { amendAllocation(id: $id, expectedVersion: 2, input: { approved: 5 }, reason: "x") { id } }`, { id }))
      .extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });

    const paid = (await run(ALLOCATE, { input: base })).data.allocateFunding.id;
    await run(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 5, paidOn: "2024-01-01" }) { id } }`, { id: paid });
    const refusal = await refused(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "x") { id } }`, { id: paid });
    expect(refusal.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(refusal.message).toMatch(/amend its approved amount instead/);
  });

  it('allocates programme money outside any model to a commune, and lists allocations by filter with a rollup count', async () => {
    const programme = await run(ALLOCATE, { input: { sourceCode: 'NTP-GN-KHAC', communeCode: '22786', item: 'INFRASTRUCTURE', year: 2024, approved: 2_000_000_000 } });
    expect(programme.data.allocateFunding).toMatchObject({ commune: { code: '22786' }, model: null });
    const page = await run(`{ fundingAllocations(filter: { districtCode: "584", year: 2024, status: ACTIVE }, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
    const active = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.allocations where year = 2024 and status = 'ACTIVE'`);
    expect(page.data.fundingAllocations.totalCount).toBe(active[0]!.n);
    expect(page.data.fundingAllocations.edges).toHaveLength(2);
    const next = await run(`query($after: String) { fundingAllocations(filter: { districtCode: "584", year: 2024, status: ACTIVE }, first: 500, after: $after) { edges { node { id } } } }`,
      { after: page.data.fundingAllocations.pageInfo.endCursor });
    expect(next.data.fundingAllocations.edges).toHaveLength(active[0]!.n - 2);
    const ofModel = await run(`{ fundingAllocations(filter: { modelId: "LM-22783-1" }) { totalCount } }`);
    const [n] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.allocations where model_id = 'LM-22783-1'`);
    expect(ofModel.data.fundingAllocations.totalCount).toBe(n!.n);
    expect((await run(`{ fundingAllocation(id: "AL-NOPE") { id } }`)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('shows which household was paid only to DOLISA and Finance officers covering the allocation\'s commune', async () => {
    const query = `{ fundingAllocations(filter: { communeCode: "22783" }, first: 500) { edges { node { household { id } } } } }`;
    for (const [caller, allowed] of [
      [officer584, true], [dolisa584, true], [officer582, false],
      [testCaller({ department: 'PROVINCE', role: 'analyst', area: '58' }), false],
      [testCaller({ department: 'FINANCE', role: 'supervisor', area: '58' }), false],
      [testCaller({ department: 'AGRICULTURE', role: 'officer', area: '584' }), false],
    ] as const) {
      const result = await run(query, {}, caller);
      const households = result.data.fundingAllocations.edges.map((e: any) => e.node.household?.id).filter(Boolean);
      if (allowed) {
        expect(result.errors).toBeUndefined();
        expect(households).toContain('HH-22783-000001');
      } else {
        expect(households).toEqual([]);
        expect(result.errors?.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
      }
    }
  });
});
