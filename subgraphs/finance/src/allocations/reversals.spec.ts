import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, stubGraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';

/** DOLISA's registry as the stub graph answers it: one model and one household of Phước Bình (22783, Bác Ái 584). */
const MODEL = { id: 'LM-22783-1', status: 'ACTIVE', commune: { code: '22783' } };
const HOUSEHOLD = { id: 'HH-22783-000001', commune: { code: '22783' } };
const graph = stubGraph((source, variables) => {
  if (source.includes('ModelForWrite')) return { livelihoodModel: variables.id === MODEL.id ? MODEL : null };
  if (source.includes('HouseholdForWrite')) return { household: variables.id === HOUSEHOLD.id ? HOUSEHOLD : null };
  throw new Error(`unexpected lookup ${source}`);
});

const officer584 = testCaller({ department: 'FINANCE', role: 'officer', area: '584', subject: 'finance-584' });
const officer582 = testCaller({ department: 'FINANCE', role: 'officer', area: '582', subject: 'finance-582' });
const dolisa584 = testCaller({ department: 'DOLISA', role: 'officer', area: '584', subject: 'dolisa-584' });

const REVERSE_DISBURSEMENT = `mutation($id: ID!, $date: Date!, $reason: String!) { reverseDisbursement(id: $id, date: $date, reason: $reason) {
  id amount paidOn reversal { reversedOn reason recordedBy } allocation { disbursed settled } } }`;
const REVERSE_SETTLEMENT = `mutation($id: ID!, $date: Date!, $reason: String!) { reverseSettlement(id: $id, date: $date, reason: $reason) {
  id amount settledOn reversal { reversedOn reason recordedBy } allocation { disbursed settled } } }`;
/** DOLISA's facts as @requires sends them with the model, and the model's money and flags Finance answers. */
const MODEL_FUNDING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { funding { disbursed settled flags { code allocations { id } } } } } }`;
const HOUSEHOLD_FUNDING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { fundingReceived(year: 2024) { disbursed settled disbursements { id reversal { reason } } } } } }`;
const COMMUNE_SUMMARY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { fundingSummary(year: 2024) { disbursed settled flagCounts { code count } } } } }`;

describe('Reversing a disbursement or a settlement entered by mistake', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables: Record<string, unknown> = {}, caller = officer584) => subgraph.execute<any>(source, variables, { caller });
  async function ok(source: string, variables: Record<string, unknown> = {}, caller = officer584) {
    const result = await run(source, variables, caller);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data;
  }
  /** Everything a reversal could touch: record counts, totals, rollups and the audit trail's successful entries. */
  const state = async () => (await subgraph.database.rows<Record<string, unknown>>(sql`select
    (select count(*)::int from finance.disbursements) as disbursements, (select count(*)::int from finance.settlements) as settlements,
    (select count(*)::int from finance.disbursement_reversals) as disbursement_reversals,
    (select count(*)::int from finance.settlement_reversals) as settlement_reversals,
    (select coalesce(sum(disbursed), 0)::text from finance.allocations) as disbursed, (select coalesce(sum(settled), 0)::text from finance.allocations) as settled,
    (select coalesce(sum(disbursed), 0)::text from finance.allocation_rollup) as rollup_disbursed,
    (select coalesce(sum(settled), 0)::text from finance.allocation_rollup) as rollup_settled,
    (select coalesce(sum(over_disbursed), 0)::int from finance.allocation_rollup) as over_disbursed,
    (select coalesce(sum(disbursed), 0)::text from finance.model_rollup) as model_disbursed,
    (select coalesce(sum(unsettled_allocations), 0)::int from finance.model_rollup) as unsettled,
    (select count(*)::int from finance.audit_log where outcome = 'OK') as audited`))[0]!;
  /** Runs a write that must fail, and shows the database unchanged after it. */
  async function refused(source: string, variables: Record<string, unknown>, caller = officer584) {
    const before = await state();
    const result = await run(source, variables, caller);
    expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
    expect(await state()).toEqual(before);
    return result.errors![0]!;
  }
  async function allocate(input: Record<string, unknown> = {}): Promise<string> {
    return (await ok(`mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id } }`, {
      input: { sourceCode: 'NTP-GN-P2', modelId: MODEL.id, item: 'BREED_LIVESTOCK', year: 2024, approved: 100_000_000, ...input },
    })).allocateFunding.id;
  }
  const pay = async (allocationId: string, amount: number, paidOn = '2024-03-01'): Promise<string> =>
    (await ok(`mutation($id: ID!, $amount: Vnd!, $on: Date!) { recordDisbursement(allocationId: $id, input: { amount: $amount, paidOn: $on }) { id } }`,
      { id: allocationId, amount, on: paidOn })).recordDisbursement.id;
  const settle = async (allocationId: string, amount: number, settledOn = '2024-12-01'): Promise<string> =>
    (await ok(`mutation($id: ID!, $amount: Vnd!, $on: Date!) { settleAllocation(allocationId: $id, input: { amount: $amount, settledOn: $on }) { id } }`,
      { id: allocationId, amount, on: settledOn })).settleAllocation.id;
  const totals = async (allocationId: string) =>
    (await ok(`query($id: ID!) { fundingAllocation(id: $id) { disbursed settled } }`, { id: allocationId })).fundingAllocation;
  const modelFunding = async () => (await ok(MODEL_FUNDING, { r: [{ __typename: 'LivelihoodModel', id: MODEL.id, status: 'ACTIVE', endDate: '2025-12-28', plannedBudget: 10_000_000_000 }] }))._entities[0].funding;
  const householdFunding = async () => (await ok(HOUSEHOLD_FUNDING, { r: [{ __typename: 'Household', id: HOUSEHOLD.id, commune: { code: '22783' } }] }))._entities[0].fundingReceived;
  const communeSummary = async () => {
    const summary = (await ok(COMMUNE_SUMMARY, { r: [{ __typename: 'Commune', code: '22783', modelStatuses: [{ id: MODEL.id, status: 'ACTIVE', endDate: '2025-12-28', plannedBudget: 10_000_000_000 }] }] }))._entities[0].fundingSummary;
    return { disbursed: summary.disbursed, settled: summary.settled, overDisbursed: summary.flagCounts.find((c: any) => c.code === 'OVER_DISBURSED').count };
  };

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance, { graph });
  });
  afterAll(() => subgraph?.close());

  it('reverses a payment above the approved amount: the payment stays listed with its reversal, and every total and flag goes back', async () => {
    const id = await allocate({ householdId: HOUSEHOLD.id });
    await pay(id, 100_000_000);
    const before = { model: await modelFunding(), household: await householdFunding(), commune: await communeSummary() };
    const mistaken = await pay(id, 30_000_000, '2024-06-01');
    expect(await totals(id)).toEqual({ disbursed: 130_000_000, settled: 0 });
    expect((await modelFunding()).flags).toEqual([{ code: 'OVER_DISBURSED', allocations: [{ id }] }]);
    expect((await communeSummary()).overDisbursed).toBe(before.commune.overDisbursed + 1);

    const reversed = await ok(REVERSE_DISBURSEMENT, { id: mistaken, date: '2024-06-03', reason: ' Entered twice (test) ' });
    expect(reversed.reverseDisbursement).toEqual({
      id: mistaken, amount: 30_000_000, paidOn: '2024-06-01',
      reversal: { reversedOn: '2024-06-03', reason: 'Entered twice (test)', recordedBy: 'finance-584' },
      allocation: { disbursed: 100_000_000, settled: 0 },
    });
    expect(await modelFunding()).toEqual(before.model);
    expect((await modelFunding()).flags).toEqual([]);
    expect(await communeSummary()).toEqual(before.commune);
    const household = await householdFunding();
    expect(household.disbursed).toBe(before.household.disbursed);
    expect(household.disbursements.find((d: any) => d.id === mistaken)).toEqual({ id: mistaken, reversal: { reason: 'Entered twice (test)' } });

    const listed = await ok(`query($id: ID!) { fundingAllocation(id: $id) { disbursements { id amount reversal { reversedOn } } } }`, { id });
    expect(listed.fundingAllocation.disbursements).toEqual([
      { id: expect.any(String), amount: 100_000_000, reversal: null },
      { id: mistaken, amount: 30_000_000, reversal: { reversedOn: '2024-06-03' } },
    ]);
    // The payment itself is untouched, and the reversal is history too: neither may be edited or removed.
    const [payment] = await subgraph.database.rows<{ amount: string }>(sql`select amount::text from finance.disbursements where id = ${Number(mistaken)}`);
    expect(payment).toEqual({ amount: '30000000' });
    await expect(subgraph.database.db.execute(sql`delete from finance.disbursement_reversals where disbursement_id = ${Number(mistaken)}`)).rejects.toThrow();
    const [audit] = await subgraph.database.rows<{ operation: string; entity: string; entity_key: string; units: string[]; subject: string }>(
      sql`select operation, entity, entity_key, units, subject from finance.audit_log where operation = 'reverseDisbursement' and outcome = 'OK'`);
    expect(audit).toEqual({ operation: 'reverseDisbursement', entity: 'Disbursement', entity_key: `${id}/${mistaken}`, units: ['22783'], subject: 'finance-584' });
  });

  it('refuses, naming the field and writing nothing: unknown id, a second reversal, a date before the payment or in the future, an empty reason', async () => {
    const id = await allocate();
    const payment = await pay(id, 10_000_000, '2024-03-01');
    const reverse = (variables: Record<string, unknown>) => refused(REVERSE_DISBURSEMENT, { id: payment, date: '2024-03-05', reason: 'Wrong allocation (test)', ...variables });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id: '999999999' }, 'NOT_FOUND', 'id'],
      [{ id: 'not-a-payment' }, 'NOT_FOUND', 'id'],
      [{ id: '99999999999999999999999' }, 'NOT_FOUND', 'id'],
      [{ date: '2024-02-29' }, 'BAD_USER_INPUT', 'date'],
      [{ date: '2999-01-01' }, 'BAD_USER_INPUT', 'date'],
      [{ reason: '' }, 'BAD_USER_INPUT', 'reason'],
      [{ reason: '   ' }, 'BAD_USER_INPUT', 'reason'],
      [{ reason: 'x'.repeat(501) }, 'BAD_USER_INPUT', 'reason'],
    ];
    for (const [variables, code, field] of cases) {
      expect((await reverse(variables)).extensions, JSON.stringify(variables)).toMatchObject({ code, field });
    }
    await ok(REVERSE_DISBURSEMENT, { id: payment, date: '2024-03-01', reason: 'Wrong allocation (test)' });
    const again = await reverse({});
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(again.message).toMatch(/already reversed on 2024-03-01/);
    expect(await totals(id)).toEqual({ disbursed: 0, settled: 0 });
  });

  it('refuses to leave more settled than disbursed (CONFLICT naming the amounts); reversing the settlement first lets it through', async () => {
    const id = await allocate();
    await pay(id, 60_000_000);
    const mistaken = await pay(id, 40_000_000, '2024-04-01');
    const settlement = await settle(id, 70_000_000);
    const conflict = await refused(REVERSE_DISBURSEMENT, { id: mistaken, date: '2024-12-05', reason: 'Wrong amount (test)' });
    expect(conflict.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(conflict.message).toContain('(40000000 VND) would leave allocation');
    expect(conflict.message).toContain('with 60000000 VND disbursed against 70000000 VND settled: reverse the settlement first');

    const unsettled = await ok(REVERSE_SETTLEMENT, { id: settlement, date: '2024-12-05', reason: 'Settled the wrong amount (test)' });
    expect(unsettled.reverseSettlement).toEqual({
      id: settlement, amount: 70_000_000, settledOn: '2024-12-01',
      reversal: { reversedOn: '2024-12-05', reason: 'Settled the wrong amount (test)', recordedBy: 'finance-584' },
      allocation: { disbursed: 100_000_000, settled: 0 },
    });
    expect((await ok(REVERSE_DISBURSEMENT, { id: mistaken, date: '2024-12-05', reason: 'Wrong amount (test)' })).reverseDisbursement.allocation)
      .toEqual({ disbursed: 60_000_000, settled: 0 });
    await settle(id, 60_000_000, '2024-12-06');
    expect(await totals(id)).toEqual({ disbursed: 60_000_000, settled: 60_000_000 });
    const listed = await ok(`query($id: ID!) { fundingAllocation(id: $id) { settlements { amount reversal { reason } } } }`, { id });
    expect(listed.fundingAllocation.settlements).toEqual([
      { amount: 70_000_000, reversal: { reason: 'Settled the wrong amount (test)' } },
      { amount: 60_000_000, reversal: null },
    ]);
  });

  it('refuses a settlement\'s reversal for an unknown id, a second time, a date before the settlement or in the future, an empty reason', async () => {
    const id = await allocate();
    await pay(id, 50_000_000);
    const settlement = await settle(id, 20_000_000, '2024-11-01');
    const reverse = (variables: Record<string, unknown>) => refused(REVERSE_SETTLEMENT, { id: settlement, date: '2024-11-05', reason: 'Wrong report (test)', ...variables });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id: '999999999' }, 'NOT_FOUND', 'id'],
      [{ id: 'QT-1' }, 'NOT_FOUND', 'id'],
      [{ date: '2024-10-31' }, 'BAD_USER_INPUT', 'date'],
      [{ date: '2999-01-01' }, 'BAD_USER_INPUT', 'date'],
      [{ reason: '' }, 'BAD_USER_INPUT', 'reason'],
    ];
    for (const [variables, code, field] of cases) {
      expect((await reverse(variables)).extensions, JSON.stringify(variables)).toMatchObject({ code, field });
    }
    await ok(REVERSE_SETTLEMENT, { id: settlement, date: '2024-11-05', reason: 'Wrong report (test)' });
    expect((await reverse({})).extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await totals(id)).toEqual({ disbursed: 50_000_000, settled: 0 });
  });

  it('refuses reversals on a cancelled allocation (CONFLICT); with its payments reversed, an allocation may be cancelled', async () => {
    const id = await allocate();
    const payment = await pay(id, 5_000_000);
    const settlement = await settle(id, 5_000_000);
    await ok(REVERSE_SETTLEMENT, { id: settlement, date: '2024-12-02', reason: 'Entered on the wrong allocation (test)' });
    await ok(REVERSE_DISBURSEMENT, { id: payment, date: '2024-12-02', reason: 'Entered on the wrong allocation (test)' });
    const cancelled = await ok(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "Entered by mistake (test)") { status disbursed settled } }`, { id });
    expect(cancelled.cancelAllocation).toEqual({ status: 'CANCELLED', disbursed: 0, settled: 0 });
    for (const [source, record] of [[REVERSE_DISBURSEMENT, payment], [REVERSE_SETTLEMENT, settlement]] as const) {
      const error = await refused(source, { id: record, date: '2024-12-03', reason: 'Again (test)' });
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
      expect(error.message).toMatch(/is cancelled/);
    }
  });

  it('refuses Finance officers of another district and other departments (FORBIDDEN, audited), writing nothing', async () => {
    const id = await allocate();
    const payment = await pay(id, 7_000_000);
    const settlement = await settle(id, 7_000_000);
    for (const caller of [officer582, dolisa584]) {
      for (const [source, record] of [[REVERSE_SETTLEMENT, settlement], [REVERSE_DISBURSEMENT, payment]] as const) {
        expect((await refused(source, { id: record, date: '2024-12-02', reason: 'Not mine (test)' }, caller)).extensions).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    const denied = await subgraph.database.rows<{ subject: string; operation: string; entity: string; entity_key: string; units: string[] | null }>(
      sql`select subject, operation, entity, entity_key, units from finance.audit_log where outcome = 'DENIED' order by id`);
    expect(denied).toEqual([
      { subject: 'finance-582', operation: 'reverseSettlement', entity: 'Settlement', entity_key: settlement, units: ['22783'] },
      { subject: 'finance-582', operation: 'reverseDisbursement', entity: 'Disbursement', entity_key: payment, units: ['22783'] },
      { subject: 'dolisa-584', operation: 'reverseSettlement', entity: 'Settlement', entity_key: settlement, units: null },
      { subject: 'dolisa-584', operation: 'reverseDisbursement', entity: 'Disbursement', entity_key: payment, units: null },
    ]);
    expect(await totals(id)).toEqual({ disbursed: 7_000_000, settled: 7_000_000 });
  });
});
