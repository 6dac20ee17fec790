import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { addDays } from '../seed/programme';
import { frontStubGraph } from '../testing';

const officer = testCaller({ department: 'FRONT', role: 'officer', area: '584', subject: 'front-584' });
const ENTRY = 'id fundUnitCode date status version cancellation { at by reason }';
const RECEIPT = `mutation($input: FundReceiptInput!) { recordFundReceipt(input: $input) { id } }`;
const SPEND = `mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id } }`;
const CORRECT_RECEIPT = `mutation($id: ID!, $v: Int!, $input: FundReceiptCorrectionInput!, $reason: String!) {
  correctFundReceipt(id: $id, expectedVersion: $v, input: $input, reason: $reason) { ${ENTRY} donor kind value description
    versions { version change reason recordedAt recordedBy fundUnitCode date donor kind value description } } }`;
const CORRECT_SPENDING = `mutation($id: ID!, $v: Int!, $input: FundSpendingCorrectionInput!, $reason: String!) {
  correctFundSpending(id: $id, expectedVersion: $v, input: $input, reason: $reason) { ${ENTRY} amount purpose household { id } model { id } commune { code }
    versions { version change reason recordedBy date amount purpose householdId modelId communeCode } } }`;
const CANCEL_RECEIPT = `mutation($id: ID!, $v: Int!, $reason: String!) { cancelFundReceipt(id: $id, expectedVersion: $v, reason: $reason) { ${ENTRY} value versions { version change reason recordedBy } } }`;
const CANCEL_SPENDING = `mutation($id: ID!, $v: Int!, $reason: String!) { cancelFundSpending(id: $id, expectedVersion: $v, reason: $reason) { ${ENTRY} amount versions { version change reason recordedBy } } }`;
const FUND = `query($r: [_Any!]!, $all: Boolean) { _entities(representations: $r) {
  ... on Commune { fundForThePoor(year: 2024) { ...F } }
  ... on District { fundForThePoor(year: 2024) { ...F } } } }
fragment F on FundForThePoor { receipts spending balance withLowerLevels { receipts spending balance }
  receiptRecords(first: 500, includeCancelled: $all) { totalCount edges { node { id status value } } }
  spendingRecords(first: 500, includeCancelled: $all) { totalCount edges { node { id status amount } } } }`;

/**
 * Correcting and cancelling For the Poor fund entries: a correction is a new version (the one before stays
 * readable), a cancellation a mark; the figures follow through the rollup, the fund is never left overspent, and
 * every refusal leaves the database exactly as it was.
 */
describe('correcting and cancelling fund entries', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = officer) => subgraph.execute<any>(source, variables, { caller });
  const errorOf = (result: { errors?: readonly { message: string; extensions: Record<string, unknown> }[] }): Record<string, unknown> & { message?: string } | undefined =>
    result.errors?.[0] && { ...result.errors[0].extensions, message: result.errors[0].message };
  const fund = async (code: string, includeCancelled = false) => {
    const result = await run(FUND, { r: [{ __typename: code.length === 3 ? 'District' : 'Commune', code }], all: includeCancelled });
    expect(result.errors).toBeUndefined();
    return result.data._entities[0].fundForThePoor;
  };
  /** Everything a fund write can touch: the entries, their versions, the rollup and the audit trail's changes. */
  const snapshot = () => subgraph.database.rows(sql`select
    (select json_agg(r order by r.id)::text from front.fund_receipts r) as receipts,
    (select json_agg(s order by s.id)::text from front.fund_spendings s) as spendings,
    (select count(*) from front.fund_receipt_versions)::int as receipt_versions,
    (select count(*) from front.fund_spending_versions)::int as spending_versions,
    (select json_agg(f order by f.unit_code, f.year)::text from front.fund_rollup f) as rollup,
    (select count(*) from front.audit_log where outcome = 'OK')::int as audited`);
  const record = async (source: string, input: Record<string, unknown>) => {
    const result = await run(source, { input });
    expect(result.errors).toBeUndefined();
    return Object.values(result.data as Record<string, { id: string }>)[0]!.id;
  };

  let receiptA: string;
  let receiptB: string;
  let spending: string;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(front, { graph: frontStubGraph() });
    // Phước Bình's fund: 50 + 30 million received, 60 spent on 2024-12-05 (20 left).
    receiptA = await record(RECEIPT, { fundUnitCode: '22783', date: '2024-10-20', donor: 'Công ty A (synthetic)', kind: 'MONEY', value: 50_000_000 });
    receiptB = await record(RECEIPT, { fundUnitCode: '22783', date: '2024-11-01', donor: 'Công ty B (synthetic)', kind: 'MONEY', value: 30_000_000 });
    spending = await record(SPEND, { fundUnitCode: '22783', date: '2024-12-05', amount: 60_000_000, purpose: 'Sửa nhà (test)', householdId: 'HH-22783-000001' });
  });
  afterAll(() => subgraph?.close());

  it('corrects a receipt\'s value: a new version, the one before readable with who, when and why, the figures following', async () => {
    const result = await run(CORRECT_RECEIPT, { id: receiptA, v: 1, input: { value: 55_000_000 }, reason: 'Gõ nhầm số tiền' });
    expect(result.errors).toBeUndefined();
    const receipt = result.data.correctFundReceipt;
    expect(receipt).toMatchObject({ id: receiptA, value: 55_000_000, version: 2, status: 'STANDING', cancellation: null });
    expect(receipt.versions).toMatchObject([
      { version: 1, change: 'RECORDED', reason: null, recordedBy: 'front-584', value: 50_000_000, date: '2024-10-20', fundUnitCode: '22783', donor: 'Công ty A (synthetic)' },
      { version: 2, change: 'CORRECTED', reason: 'Gõ nhầm số tiền', recordedBy: 'front-584', value: 55_000_000, date: '2024-10-20', fundUnitCode: '22783' },
    ]);
    expect(Date.parse(receipt.versions[1].recordedAt)).toBeGreaterThanOrEqual(Date.parse(receipt.versions[0].recordedAt));
    expect(await fund('22783')).toMatchObject({ receipts: 85_000_000, spending: 60_000_000, balance: 25_000_000, receiptRecords: { totalCount: 2 } });
    // A receipt never changed has one version, as recorded.
    const untouched = await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on FundReceipt { version versions { version change value } } } }`,
      { r: [{ __typename: 'FundReceipt', id: receiptB }] });
    expect(untouched.data._entities[0]).toEqual({ version: 1, versions: [{ version: 1, change: 'RECORDED', value: 30_000_000 }] });
    const [audit] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.audit_log
      where operation = 'correctFundReceipt' and entity_key = ${receiptA} and outcome = 'OK' and (before->>'value')::bigint = 50000000 and (after->>'value')::bigint = 55000000`);
    expect(audit!.n).toBe(1);
  });

  it('refuses every bad correction or cancellation with its code and field, the database unchanged', async () => {
    const future = addDays(todayInVietnam(), 1);
    const cases: [string, string, Record<string, unknown>, string, string, RegExp?][] = [
      // Unknown entries.
      ['receipt unknown', CORRECT_RECEIPT, { id: 'FR-NOPE', v: 1, input: { value: 1 }, reason: 'r' }, 'NOT_FOUND', 'id'],
      ['receipt unknown', CANCEL_RECEIPT, { id: 'FR-NOPE', v: 1, reason: 'r' }, 'NOT_FOUND', 'id'],
      ['spending unknown', CORRECT_SPENDING, { id: 'FS-NOPE', v: 1, input: { amount: 1 }, reason: 'r' }, 'NOT_FOUND', 'id'],
      ['spending unknown', CANCEL_SPENDING, { id: 'FS-NOPE', v: 1, reason: 'r' }, 'NOT_FOUND', 'id'],
      // Stale versions: receipt A is at version 2 now.
      ['stale receipt', CORRECT_RECEIPT, { id: receiptA, v: 1, input: { value: 56_000_000 }, reason: 'r' }, 'CONFLICT', 'expectedVersion', /version 2, not 1/],
      ['stale receipt', CANCEL_RECEIPT, { id: receiptA, v: 1, reason: 'r' }, 'CONFLICT', 'expectedVersion'],
      ['stale spending', CORRECT_SPENDING, { id: spending, v: 2, input: { amount: 1 }, reason: 'r' }, 'CONFLICT', 'expectedVersion'],
      ['stale spending', CANCEL_SPENDING, { id: spending, v: 0, reason: 'r' }, 'CONFLICT', 'expectedVersion'],
      // Amounts: zero, negative, too large; a non-integer is refused by the Vnd scalar.
      ['zero value', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: 0 }, reason: 'r' }, 'BAD_USER_INPUT', 'input.value'],
      ['negative value', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: -5 }, reason: 'r' }, 'BAD_USER_INPUT', 'input.value'],
      ['huge value', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: 100_000_000_001 }, reason: 'r' }, 'BAD_USER_INPUT', 'input.value'],
      ['zero amount', CORRECT_SPENDING, { id: spending, v: 1, input: { amount: 0 }, reason: 'r' }, 'BAD_USER_INPUT', 'input.amount'],
      ['negative amount', CORRECT_SPENDING, { id: spending, v: 1, input: { amount: -1_000 }, reason: 'r' }, 'BAD_USER_INPUT', 'input.amount'],
      // Days: in the future, before the years the graph answers for.
      ['future receipt', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { date: future }, reason: 'r' }, 'BAD_USER_INPUT', 'input.date'],
      ['future spending', CORRECT_SPENDING, { id: spending, v: 1, input: { date: future }, reason: 'r' }, 'BAD_USER_INPUT', 'input.date'],
      ['ancient receipt', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { date: '1999-12-31' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.date'],
      // Reasons: empty or blank.
      ['empty reason', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: 1 }, reason: '' }, 'BAD_USER_INPUT', 'reason'],
      ['blank reason', CANCEL_RECEIPT, { id: receiptB, v: 1, reason: '   ' }, 'BAD_USER_INPUT', 'reason'],
      ['empty reason', CORRECT_SPENDING, { id: spending, v: 1, input: { amount: 1 }, reason: '' }, 'BAD_USER_INPUT', 'reason'],
      ['empty reason', CANCEL_SPENDING, { id: spending, v: 1, reason: '' }, 'BAD_USER_INPUT', 'reason'],
      // Other details.
      ['no change', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: 30_000_000 }, reason: 'r' }, 'BAD_USER_INPUT', 'input'],
      ['no change', CORRECT_SPENDING, { id: spending, v: 1, input: {}, reason: 'r' }, 'BAD_USER_INPUT', 'input'],
      ['in kind, undescribed', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { kind: 'IN_KIND' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.description'],
      ['not a unit', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { fundUnitCode: '12345' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.fundUnitCode'],
      ['blank donor', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { donor: ' ' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.donor'],
      ['two recipients', CORRECT_SPENDING, { id: spending, v: 1, input: { householdId: 'HH-22783-000001', modelId: 'LM-22783-1' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.householdId'],
      ['unknown household', CORRECT_SPENDING, { id: spending, v: 1, input: { householdId: 'HH-NOPE' }, reason: 'r' }, 'NOT_FOUND', 'input.householdId'],
      ['recipient elsewhere', CORRECT_SPENDING, { id: spending, v: 1, input: { modelId: 'LM-22786-1' }, reason: 'r' }, 'BAD_USER_INPUT', 'input.modelId'],
      // The balance rule (25 million left after 2024-12-05, 55 of it from receipt A before then, 30 from B): every
      // change below would overspend the fund on some day, named with the shortfall.
      ['lower receipt', CORRECT_RECEIPT, { id: receiptA, v: 2, input: { value: 1_000_000 }, reason: 'r' }, 'CONFLICT', 'input.value', /on 2024-12-05: it would be short by 29,000,000 VND/],
      ['later receipt', CORRECT_RECEIPT, { id: receiptB, v: 1, input: { date: '2024-12-10' }, reason: 'r' }, 'CONFLICT', 'input.date', /on 2024-12-05: it would be short by 5,000,000 VND/],
      ['receipt elsewhere', CORRECT_RECEIPT, { id: receiptA, v: 2, input: { fundUnitCode: '584' }, reason: 'r' }, 'CONFLICT', 'input.fundUnitCode', /Phước Bình.* on 2024-12-05: it would be short by 30,000,000 VND/],
      ['cancelled receipt', CANCEL_RECEIPT, { id: receiptB, v: 1, reason: 'r' }, 'CONFLICT', 'id', /on 2024-12-05: it would be short by 5,000,000 VND/],
      ['higher spending', CORRECT_SPENDING, { id: spending, v: 1, input: { amount: 90_000_000 }, reason: 'r' }, 'CONFLICT', 'input.amount', /on 2024-12-05: it would be short by 5,000,000 VND/],
      ['earlier spending', CORRECT_SPENDING, { id: spending, v: 1, input: { date: '2024-10-25' }, reason: 'r' }, 'CONFLICT', 'input.date', /on 2024-10-25: it would be short by 5,000,000 VND/],
    ];
    for (const [name, source, variables, code, field, message] of cases) {
      const before = await snapshot();
      const error = errorOf(await run(source, variables));
      expect(error, name).toMatchObject({ code, field });
      if (message) expect(error?.message, name).toMatch(message);
      expect(await snapshot(), name).toEqual(before);
    }
    // A non-integer amount never reaches the service.
    expect(errorOf(await run(CORRECT_RECEIPT, { id: receiptB, v: 1, input: { value: 1.5 }, reason: 'r' }))?.code).toBe('BAD_USER_INPUT');
  });

  it('cancels a spending: it stays, marked with who, when and why, listed only when asked, and the fund has it back', async () => {
    const result = await run(CANCEL_SPENDING, { id: spending, v: 1, reason: 'Nhập trùng' });
    expect(result.errors).toBeUndefined();
    const cancelled = result.data.cancelFundSpending;
    expect(cancelled).toMatchObject({ id: spending, status: 'CANCELLED', version: 2, amount: 60_000_000, cancellation: { by: 'front-584', reason: 'Nhập trùng' } });
    expect(Number.isNaN(Date.parse(cancelled.cancellation.at))).toBe(false);
    expect(cancelled.versions).toEqual([
      { version: 1, change: 'RECORDED', reason: null, recordedBy: 'front-584' },
      { version: 2, change: 'CANCELLED', reason: 'Nhập trùng', recordedBy: 'front-584' },
    ]);
    const standing = await fund('22783');
    expect(standing).toMatchObject({ receipts: 85_000_000, spending: 0, balance: 85_000_000, spendingRecords: { totalCount: 0, edges: [] } });
    const all = await fund('22783', true);
    expect(all.spendingRecords).toEqual({ totalCount: 1, edges: [{ node: { id: spending, status: 'CANCELLED', amount: 60_000_000 } }] });
    // Cancelled is final: neither cancelled again nor corrected.
    const before = await snapshot();
    expect(errorOf(await run(CANCEL_SPENDING, { id: spending, v: 2, reason: 'again' }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(errorOf(await run(CORRECT_SPENDING, { id: spending, v: 2, input: { amount: 1 }, reason: 'r' }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await snapshot()).toEqual(before);
  });

  it('moves a receipt to another fund of the area, lowers and cancels receipts once nothing is spent from them', async () => {
    const moved = await run(CORRECT_RECEIPT, { id: receiptA, v: 2, input: { fundUnitCode: '584', date: '2024-10-21' }, reason: 'Quỹ huyện, không phải quỹ xã' });
    expect(moved.errors).toBeUndefined();
    expect(moved.data.correctFundReceipt).toMatchObject({ fundUnitCode: '584', date: '2024-10-21', version: 3 });
    expect(moved.data.correctFundReceipt.versions.map((v: any) => [v.version, v.change, v.fundUnitCode, v.date])).toEqual([
      [1, 'RECORDED', '22783', '2024-10-20'], [2, 'CORRECTED', '22783', '2024-10-20'], [3, 'CORRECTED', '584', '2024-10-21'],
    ]);
    expect(await fund('22783')).toMatchObject({ receipts: 30_000_000, balance: 30_000_000, receiptRecords: { totalCount: 1 } });
    expect(await fund('584')).toMatchObject({ receipts: 55_000_000, balance: 55_000_000, withLowerLevels: { receipts: 85_000_000, balance: 85_000_000 } });

    const cancelled = await run(CANCEL_RECEIPT, { id: receiptB, v: 1, reason: 'Nhập trùng' });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelFundReceipt).toMatchObject({ status: 'CANCELLED', version: 2, cancellation: { by: 'front-584', reason: 'Nhập trùng' } });
    expect(await fund('22783')).toMatchObject({ receipts: 0, balance: 0, receiptRecords: { totalCount: 0 } });
    expect((await fund('22783', true)).receiptRecords).toMatchObject({ totalCount: 1, edges: [{ node: { id: receiptB, status: 'CANCELLED' } }] });
    // A cancelled receipt funds nothing: the fund holds nothing to spend.
    expect(errorOf(await run(SPEND, { input: { fundUnitCode: '22783', date: '2024-12-20', amount: 1, purpose: 'P', householdId: 'HH-22783-000001' } }))?.code).toBe('CONFLICT');
  });

  it('corrects a spending\'s amount, day, purpose and recipient within what the fund holds', async () => {
    const id = await record(SPEND, { fundUnitCode: '584', date: '2024-11-10', amount: 20_000_000, purpose: 'Con giống (test)', modelId: 'LM-22786-1' });
    const result = await run(CORRECT_SPENDING, { id, v: 1, input: { amount: 55_000_000, date: '2024-10-21', purpose: 'Bò giống (test)', householdId: 'HH-22783-000001' }, reason: 'Theo chứng từ' });
    expect(result.errors).toBeUndefined();
    expect(result.data.correctFundSpending).toMatchObject({
      amount: 55_000_000, date: '2024-10-21', purpose: 'Bò giống (test)', household: { id: 'HH-22783-000001' }, model: null, commune: { code: '22783' }, version: 2,
    });
    expect(result.data.correctFundSpending.versions.map((v: any) => [v.version, v.change, v.amount, v.householdId, v.modelId, v.communeCode])).toEqual([
      [1, 'RECORDED', 20_000_000, null, 'LM-22786-1', '22786'], [2, 'CORRECTED', 55_000_000, 'HH-22783-000001', null, '22783'],
    ]);
    expect(await fund('584')).toMatchObject({ receipts: 55_000_000, spending: 55_000_000, balance: 0 });
  });

  it('lets only Front officers and supervisors whose area covers the fund (both funds, for a move) correct or cancel, auditing refusals', async () => {
    const [receipt] = await subgraph.database.rows<{ id: string; version: number }>(sql`select id, version from front.fund_receipts where id = ${receiptA}`);
    const before = await snapshot();
    const refused: [ReturnType<typeof testCaller>, string, Record<string, unknown>][] = [
      [testCaller({ department: 'FRONT', role: 'officer', area: '585' }), CORRECT_RECEIPT, { id: receipt!.id, v: receipt!.version, input: { value: 60_000_000 }, reason: 'r' }],
      [testCaller({ department: 'FRONT', role: 'officer', area: '585' }), CANCEL_RECEIPT, { id: receipt!.id, v: receipt!.version, reason: 'r' }],
      [testCaller({ department: 'FINANCE', role: 'officer', area: '58' }), CANCEL_RECEIPT, { id: receipt!.id, v: receipt!.version, reason: 'r' }],
      [testCaller({ department: 'FRONT', role: 'viewer', area: '58' }), CANCEL_SPENDING, { id: spending, v: 2, reason: 'r' }],
      // The district's officer may not move a receipt out to another district's fund.
      [officer, CORRECT_RECEIPT, { id: receipt!.id, v: receipt!.version, input: { fundUnitCode: '585' }, reason: 'r' }],
    ];
    for (const [caller, source, variables] of refused) expect(errorOf(await run(source, variables, caller))?.code).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
    const [denied] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.audit_log
      where outcome = 'DENIED' and operation in ('correctFundReceipt', 'cancelFundReceipt', 'cancelFundSpending') and entity_key in (${receiptA}, ${spending})`);
    expect(denied!.n).toBe(refused.length);
  });

  it('keeps the versions and the entries themselves: no update or delete of a version, no delete of an entry', async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = await subgraph.database.db.execute(statement).then(() => null, (e: Error) => e);
      return String(error?.cause ?? error);
    };
    expect(await refusal(sql`update front.fund_receipt_versions set value = 1`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from front.fund_spending_versions`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from front.fund_receipts where id = ${receiptB}`)).toMatch(/never deleted/);
    expect(await refusal(sql`delete from front.fund_spendings where id = ${spending}`)).toMatch(/never deleted/);
  });
});
