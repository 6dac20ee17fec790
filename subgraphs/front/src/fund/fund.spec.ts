import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { addDays } from '../seed/programme';
import { frontStubGraph } from '../testing';
import { fundYearsSql } from './loaders';

const provinceOfficer = testCaller({ department: 'FRONT', role: 'officer', area: '58', subject: 'front-58' });
const RECEIPT = `mutation($input: FundReceiptInput!) { recordFundReceipt(input: $input) { id fundUnitCode fundLevel date donor kind value description synthetic } }`;
const SPEND = `mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id fundUnitCode fundLevel date amount purpose household { id } model { id } commune { code } } }`;
const FIGURES = `query ($r: [_Any!]!, $year: Int!) { _entities(representations: $r) {
  ... on Province { fundForThePoor(year: $year) { ...F } }
  ... on District { fundForThePoor(year: $year) { ...F } }
  ... on Commune { fundForThePoor(year: $year) { ...F } }
} }
fragment F on FundForThePoor { year level unitCode receipts spending balance withLowerLevels { receipts spending balance } }`;
const units = [{ __typename: 'Commune', code: '22783' }, { __typename: 'District', code: '584' }, { __typename: 'Province', code: '58' }];

describe('For the Poor funds', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = provinceOfficer) => subgraph.execute<any>(source, variables, { caller });
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const figures = async (year: number) => {
    const result = await subgraph.execute<any>(FIGURES, { r: units, year });
    expect(result.errors).toBeUndefined();
    return result.data._entities.map((e: any) => e.fundForThePoor);
  };
  const counts = async () => (await subgraph.database.rows<Record<string, number>>(sql`
    select (select count(*) from front.fund_receipts)::int as receipts, (select count(*) from front.fund_spendings)::int as spendings,
      (select coalesce(sum(receipts - spending), 0)::bigint::text from front.fund_rollup) as rolled, (select count(*) from front.audit_log where outcome = 'OK')::int as audited`))[0];

  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph: frontStubGraph() }); });
  afterAll(() => subgraph?.close());

  it('records receipts in money and in kind into the funds of a commune, its district and the province', async () => {
    const money = await run(RECEIPT, { input: { fundUnitCode: '22783', date: '2023-10-20', donor: 'Công ty A (synthetic)', kind: 'MONEY', value: 50_000_000 } });
    expect(money.errors).toBeUndefined();
    expect(money.data.recordFundReceipt).toMatchObject({ fundUnitCode: '22783', fundLevel: 'COMMUNE', value: 50_000_000, kind: 'MONEY', description: null, synthetic: false });
    const goods = await run(RECEIPT, { input: { fundUnitCode: '584', date: '2024-11-01', donor: 'HTX B (synthetic)', kind: 'IN_KIND', value: 30_000_000, description: '2 con bò giống' } });
    expect(goods.data.recordFundReceipt).toMatchObject({ fundLevel: 'DISTRICT', kind: 'IN_KIND', description: '2 con bò giống' });
    expect((await run(RECEIPT, { input: { fundUnitCode: '58', date: '2024-11-02', donor: 'Ngân hàng C (synthetic)', kind: 'MONEY', value: 200_000_000 } })).errors).toBeUndefined();
    expect((await run(RECEIPT, { input: { fundUnitCode: '22783', date: '2024-10-25', donor: 'Cán bộ xã (synthetic)', kind: 'MONEY', value: 10_000_000 } })).errors).toBeUndefined();
  });

  it('gives each unit its own fund\'s year and balance, and with the funds below it', async () => {
    expect(await figures(2023)).toEqual([
      { year: 2023, level: 'COMMUNE', unitCode: '22783', receipts: 50_000_000, spending: 0, balance: 50_000_000, withLowerLevels: { receipts: 50_000_000, spending: 0, balance: 50_000_000 } },
      { year: 2023, level: 'DISTRICT', unitCode: '584', receipts: 0, spending: 0, balance: 0, withLowerLevels: { receipts: 50_000_000, spending: 0, balance: 50_000_000 } },
      { year: 2023, level: 'PROVINCE', unitCode: '58', receipts: 0, spending: 0, balance: 0, withLowerLevels: { receipts: 50_000_000, spending: 0, balance: 50_000_000 } },
    ]);
    const y2024 = await figures(2024);
    expect(y2024.map((f: any) => [f.receipts, f.balance, f.withLowerLevels.receipts, f.withLowerLevels.balance])).toEqual([
      [10_000_000, 60_000_000, 10_000_000, 60_000_000],
      [30_000_000, 30_000_000, 40_000_000, 90_000_000],
      [200_000_000, 200_000_000, 240_000_000, 290_000_000],
    ]);
  });

  it('spends on a household or a model of the fund\'s unit, checked through the graph, and the figures follow at every level', async () => {
    const toHousehold = await run(SPEND, { input: { fundUnitCode: '22783', date: '2024-12-05', amount: 15_000_000, purpose: 'Sửa nhà (test)', householdId: 'HH-22783-000001' } });
    expect(toHousehold.errors).toBeUndefined();
    expect(toHousehold.data.recordFundSpending).toMatchObject({ fundLevel: 'COMMUNE', household: { id: 'HH-22783-000001' }, model: null, commune: { code: '22783' } });
    const fromDistrict = await run(SPEND, { input: { fundUnitCode: '584', date: '2024-12-06', amount: 20_000_000, purpose: 'Con giống (test)', modelId: 'LM-22786-1' } });
    expect(fromDistrict.data.recordFundSpending).toMatchObject({ fundLevel: 'DISTRICT', model: { id: 'LM-22786-1' }, commune: { code: '22786' } });
    const y2024 = await figures(2024);
    expect(y2024.map((f: any) => [f.spending, f.balance, f.withLowerLevels.spending, f.withLowerLevels.balance])).toEqual([
      [15_000_000, 45_000_000, 15_000_000, 45_000_000],
      [20_000_000, 10_000_000, 35_000_000, 55_000_000],
      [0, 200_000_000, 35_000_000, 255_000_000],
    ]);
  });

  it('refuses to spend more than the fund holds on the day and after, with CONFLICT and nothing written', async () => {
    const before = await counts();
    const spend = (input: Record<string, unknown>) => run(SPEND, { input: { fundUnitCode: '22783', purpose: 'x (test)', householdId: 'HH-22783-000001', ...input } });
    // 45 million left today.
    const over = await spend({ date: '2024-12-20', amount: 45_000_001 });
    expect(errorOf(over)).toMatchObject({ code: 'CONFLICT', field: 'input.amount' });
    expect(over.errors![0]!.message).toMatch(/can spend 45,000,000 VND on 2024-12-20/);
    // Before the first receipt the fund held nothing.
    expect(errorOf(await spend({ date: '2023-10-19', amount: 1 }))).toMatchObject({ code: 'CONFLICT' });
    // On 2024-12-01 it held 60 million, but the household spending of 2024-12-05 leaves 45: a backdated 50 would overdraw it then.
    expect(errorOf(await spend({ date: '2024-12-01', amount: 50_000_000 }))).toMatchObject({ code: 'CONFLICT' });
    // A fund that never received anything holds nothing.
    expect(errorOf(await run(SPEND, { input: { fundUnitCode: '22786', date: '2024-12-01', amount: 1, purpose: 'x', householdId: 'HH-22786-000001' } }))).toMatchObject({ code: 'CONFLICT' });
    expect(await counts()).toEqual(before);
    // Exactly what is left is fine.
    expect((await spend({ date: '2024-12-20', amount: 45_000_000 })).errors).toBeUndefined();
    expect((await figures(2024))[0]).toMatchObject({ balance: 0 });
  });

  it('rejects bad input with the offending field', async () => {
    const receipt = { fundUnitCode: '22783', date: '2024-10-20', donor: 'D (synthetic)', kind: 'MONEY', value: 1_000_000 };
    const receiptCases: [Record<string, unknown>, string, string][] = [
      [{ fundUnitCode: '12345' }, 'BAD_USER_INPUT', 'input.fundUnitCode'],
      [{ value: 0 }, 'BAD_USER_INPUT', 'input.value'],
      [{ value: 100_000_000_001 }, 'BAD_USER_INPUT', 'input.value'],
      [{ kind: 'IN_KIND' }, 'BAD_USER_INPUT', 'input.description'],
      [{ donor: '' }, 'BAD_USER_INPUT', 'input.donor'],
      [{ date: addDays(todayInVietnam(), 1) }, 'BAD_USER_INPUT', 'input.date'],
      [{ date: '1999-12-31' }, 'BAD_USER_INPUT', 'input.date'],
    ];
    for (const [change, code, field] of receiptCases) expect(errorOf(await run(RECEIPT, { input: { ...receipt, ...change } })), field).toMatchObject({ code, field });
    const spending = { fundUnitCode: '58', date: '2024-12-10', amount: 1_000_000, purpose: 'P' };
    const spendingCases: [Record<string, unknown>, string, string][] = [
      [{}, 'BAD_USER_INPUT', 'input.householdId'],
      [{ householdId: 'HH-22783-000001', modelId: 'LM-22783-1' }, 'BAD_USER_INPUT', 'input.householdId'],
      [{ householdId: 'HH-NOPE' }, 'NOT_FOUND', 'input.householdId'],
      [{ modelId: 'LM-NOPE' }, 'NOT_FOUND', 'input.modelId'],
      [{ fundUnitCode: '584', modelId: 'LM-22849-1' }, 'BAD_USER_INPUT', 'input.modelId'],
      [{ amount: -5, modelId: 'LM-22783-1' }, 'BAD_USER_INPUT', 'input.amount'],
    ];
    for (const [change, code, field] of spendingCases) expect(errorOf(await run(SPEND, { input: { ...spending, ...change } })), field).toMatchObject({ code, field });
  });

  it('lets Front officers and supervisors write only the funds of their area', async () => {
    const input = { fundUnitCode: '584', date: '2024-10-20', donor: 'D (synthetic)', kind: 'MONEY', value: 1_000_000 };
    const callers = [
      [testCaller({ department: 'FRONT', role: 'officer', area: '22783' }), 'FORBIDDEN'],
      [testCaller({ department: 'FRONT', role: 'supervisor', area: '585' }), 'FORBIDDEN'],
      [testCaller({ department: 'FINANCE', role: 'officer', area: '58' }), 'FORBIDDEN'],
      [testCaller({ department: 'FRONT', role: 'viewer', area: '58' }), 'FORBIDDEN'],
      [testCaller({ department: 'FRONT', role: 'supervisor', area: '584' }), undefined],
    ] as const;
    for (const [caller, code] of callers) expect(errorOf(await run(RECEIPT, { input }, caller))?.code).toBe(code);
  });

  it('pages a fund\'s records with totals from the rollup, several funds in one statement', async () => {
    for (const day of ['2024-10-21', '2024-10-22', '2024-10-23']) {
      await run(RECEIPT, { input: { fundUnitCode: '22783', date: day, donor: 'D (synthetic)', kind: 'MONEY', value: 1_000_000 } });
    }
    const PAGE = `query ($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Commune { code fundForThePoor(year: 2024) {
      receiptRecords(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { date value } } }
      spendingRecords { totalCount edges { node { amount } } } } } } }`;
    const first = await subgraph.execute<any>(PAGE, { r: [{ __typename: 'Commune', code: '22783' }] });
    const page = first.data._entities[0].fundForThePoor.receiptRecords;
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((e: any) => e.node.date)).toEqual(['2024-10-21', '2024-10-22']);
    const second = await subgraph.execute<any>(PAGE, { r: [{ __typename: 'Commune', code: '22783' }], after: page.pageInfo.endCursor });
    expect(second.data._entities[0].fundForThePoor.receiptRecords.edges.map((e: any) => e.node.date)).toEqual(['2024-10-23', '2024-10-25']);
    expect(second.data._entities[0].fundForThePoor.receiptRecords.pageInfo.hasNextPage).toBe(false);

    subgraph.database.statements.reset();
    await subgraph.execute(PAGE, { r: [{ __typename: 'Commune', code: '22783' }] });
    const forOne = subgraph.database.statements.count;
    subgraph.database.statements.reset();
    const all = await subgraph.execute<any>(PAGE, { r: communes.map((c) => ({ __typename: 'Commune', code: c.code })) });
    expect(all.errors).toBeUndefined();
    expect(subgraph.database.statements.count).toBe(forOne);
    expect(forOne).toBe(3); // the figures (counts), the receipts page, the spending page
  });

  it('answers every unit of the province from the rollup in one statement, never reading the flows', async () => {
    const everyUnit = [{ __typename: 'Province', code: '58' }, ...['582', '584', '585', '586', '587', '588', '589'].map((code) => ({ __typename: 'District', code })), ...communes.map((c) => ({ __typename: 'Commune', code: c.code }))];
    subgraph.database.statements.reset();
    const result = await subgraph.execute<any>(FIGURES, { r: everyUnit, year: 2024 });
    expect(result.errors).toBeUndefined();
    expect(subgraph.database.statements.count).toBe(1);
    // 255 million after the first spendings, 45 spent to empty the commune fund, 1 + 3 received since.
    expect(result.data._entities[0].fundForThePoor.withLowerLevels.balance).toBe(214_000_000);
    const plan = JSON.stringify(await subgraph.database.rows(sql`explain (format json) ${fundYearsSql([{ code: '22783', year: 2024 }, { code: '58', year: 2023 }])}`));
    expect(plan).toContain('fund_rollup');
    expect(plan).not.toContain('fund_receipts');
    expect(plan).not.toContain('fund_spendings');
  });
});
