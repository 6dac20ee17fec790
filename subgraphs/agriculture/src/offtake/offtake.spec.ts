import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { addDays } from '../dates';
import { agriculture } from '../index';
import { registryGraph, tableState } from '../spec-helpers';
import { fulfilmentRate } from './loaders';

const officer = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '584', subject: 'agri-584' });
const REGISTER = `mutation($input: RegisterPartnerInput!) { registerPartner(input: $input) { id name kind taxCode communes { code } synthetic } }`;
const SIGN = `mutation($input: SignOfftakeAgreementInput!) { signOfftakeAgreement(input: $input) {
  id status signedOn version model { id } partner { id } volume pricePerUnit period { start end } deliveredVolume deliveredValue fulfilmentRate
  statusHistory { from to on note recordedBy } } }`;
const CHANGE = `mutation($id: ID!, $v: Int!, $status: OfftakeStatus!, $on: Date!, $note: String) {
  changeOfftakeStatus(id: $id, expectedVersion: $v, status: $status, on: $on, note: $note) { id status version signedOn statusHistory { from to on note } } }`;
const DELIVER = `mutation($id: ID!, $input: DeliveryInput!) { recordDelivery(agreementId: $id, input: $input) { id date volume pricePerUnit amount agreement { id deliveredVolume deliveredValue } } }`;
const PARTNERS = `query($first: Int, $after: String, $kind: PartnerKind, $commune: ID) { partners(first: $first, after: $after, kind: $kind, communeCode: $commune) {
  totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;

describe('fulfilmentRate', () => {
  const agreement = { status: 'ACTIVE' as const, statusOn: '2025-01-01', periodStart: '2025-01-01', periodEnd: '2025-04-10', volume: '1000', deliveredVolume: '300' };
  it('prorates the agreed volume over the days elapsed, up to today, the cancellation, or all of it once completed', () => {
    // 100 days in the period; by 2025-01-30, 30 are elapsed: 300 due, 300 delivered.
    expect(fulfilmentRate(agreement, '2025-01-30')).toBeCloseTo(1, 10);
    expect(fulfilmentRate(agreement, '2025-02-28')).toBeCloseTo(300 / 590, 10);
    expect(fulfilmentRate(agreement, '2026-01-01')).toBeCloseTo(0.3, 10);
    expect(fulfilmentRate({ ...agreement, status: 'COMPLETED' }, '2025-01-30')).toBeCloseTo(0.3, 10);
    expect(fulfilmentRate({ ...agreement, status: 'CANCELLED', statusOn: '2025-01-15' }, '2026-01-01')).toBeCloseTo(300 / 150, 10);
    expect(fulfilmentRate(agreement, '2024-12-31')).toBeNull();
    expect(fulfilmentRate({ ...agreement, status: 'NEGOTIATING' }, '2025-03-01')).toBeNull();
    expect(fulfilmentRate({ ...agreement, deliveredVolume: '0' }, '2025-03-01')).toBe(0);
  });
});

describe('partners and offtake agreements', () => {
  const graph = registryGraph({ models: { 'LM-22783-1': { communeCode: '22783' }, 'LM-22738-1': { communeCode: '22738' } }, households: {} });
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = officer) => subgraph.execute<any>(source, variables, { caller });
  const today = todayInVietnam();
  let cooperative: string;
  let agreementId: string;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture, { graph });
  });
  afterAll(() => subgraph?.close());

  it('registers a partner with its tax code in one stored form and the communes it serves; a code already registered is a CONFLICT', async () => {
    const result = await run(REGISTER, { input: { name: 'HTX Nông nghiệp Phước Bình (synthetic)', kind: 'COOPERATIVE', taxCode: '4500123456001', communeCodes: ['22783', '22786'] } });
    expect(result.errors).toBeUndefined();
    cooperative = result.data.registerPartner.id;
    expect(result.data.registerPartner).toMatchObject({ kind: 'COOPERATIVE', taxCode: '4500123456-001', communes: [{ code: '22783' }, { code: '22786' }], synthetic: false });
    const again = await run(REGISTER, { input: { name: 'Another (synthetic)', kind: 'ENTERPRISE', taxCode: '4500123456-001', communeCodes: ['22783'] } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.taxCode' });
    for (const [name, kind, taxCode, communeCodes] of [
      ['Trung tâm Khuyến nông Bác Ái (synthetic)', 'EXTENSION_CENTRE', '4500999999', ['22783']],
      ['Công ty Nông sản (synthetic)', 'ENTERPRISE', '4500888888', ['22786']],
      ['Viện Nông nghiệp (synthetic)', 'INSTITUTE', '4500777777', ['22789']],
    ] as const) {
      expect((await run(REGISTER, { input: { name, kind, taxCode, communeCodes } })).errors).toBeUndefined();
    }
  });

  it('pages partners by name with filters and a total count', async () => {
    const all = await run(PARTNERS, { first: 2 });
    expect(all.errors).toBeUndefined();
    expect(all.data.partners.totalCount).toBe(4);
    expect(all.data.partners.edges.map((e: any) => e.node.name)).toEqual(['Công ty Nông sản (synthetic)', 'HTX Nông nghiệp Phước Bình (synthetic)']);
    expect(all.data.partners.pageInfo.hasNextPage).toBe(true);
    const next = await run(PARTNERS, { first: 2, after: all.data.partners.pageInfo.endCursor });
    expect(next.data.partners.edges.map((e: any) => e.node.name)).toEqual(['Trung tâm Khuyến nông Bác Ái (synthetic)', 'Viện Nông nghiệp (synthetic)']);
    expect(next.data.partners.pageInfo.hasNextPage).toBe(false);
    const inPhuocBinh = await run(PARTNERS, { commune: '22783' });
    expect(inPhuocBinh.data.partners.edges.map((e: any) => e.node.id)).toHaveLength(2);
    expect(inPhuocBinh.data.partners.totalCount).toBe(2);
    const cooperatives = await run(PARTNERS, { kind: 'COOPERATIVE', commune: '22786' });
    expect(cooperatives.data.partners).toMatchObject({ totalCount: 1, edges: [{ node: { id: cooperative } }] });
    expect((await run(PARTNERS, { first: 501 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await run(PARTNERS, { commune: '99999' })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('signs an agreement, moves it NEGOTIATING -> SIGNED -> ACTIVE, records deliveries, and measures fulfilment', async () => {
    const periodStart = addDays(today, -99);
    const periodEnd = addDays(today, 100);
    const negotiating = await run(SIGN, { input: { modelId: 'LM-22783-1', partnerId: cooperative, product: 'Vải thổ cẩm', volume: 200, unit: 'tấm', pricePerUnit: 350_000, periodStart, periodEnd } });
    expect(negotiating.errors).toBeUndefined();
    const agreement = negotiating.data.signOfftakeAgreement;
    agreementId = agreement.id;
    expect(agreement).toMatchObject({
      status: 'NEGOTIATING', signedOn: null, version: 1, model: { id: 'LM-22783-1' }, partner: { id: cooperative }, volume: 200, pricePerUnit: 350_000,
      deliveredVolume: 0, deliveredValue: 0, fulfilmentRate: null, statusHistory: [{ from: null, to: 'NEGOTIATING', on: today, note: null, recordedBy: 'agri-584' }],
    });
    const signed = await run(CHANGE, { id: agreementId, v: 1, status: 'SIGNED', on: addDays(today, -100), note: 'Signed at the commune (test)' });
    // A change cannot predate the agreement's last one (recorded today).
    expect(signed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    expect((await run(CHANGE, { id: agreementId, v: 1, status: 'SIGNED', on: today })).errors).toBeUndefined();
    // Within its period, but a change cannot go back before the last one either.
    expect((await run(CHANGE, { id: agreementId, v: 2, status: 'ACTIVE', on: periodStart })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    const active = await run(CHANGE, { id: agreementId, v: 2, status: 'ACTIVE', on: today });
    expect(active.errors).toBeUndefined();
    expect(active.data.changeOfftakeStatus).toMatchObject({ status: 'ACTIVE', version: 3, signedOn: today, statusHistory: [{ to: 'NEGOTIATING' }, { from: 'NEGOTIATING', to: 'SIGNED' }, { from: 'SIGNED', to: 'ACTIVE' }] });

    const first = await run(DELIVER, { id: agreementId, input: { date: addDays(today, -60), volume: 40.5, pricePerUnit: 340_000 } });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordDelivery).toMatchObject({ volume: 40.5, pricePerUnit: 340_000, amount: 13_770_000, agreement: { deliveredVolume: 40.5, deliveredValue: 13_770_000 } });
    const second = await run(DELIVER, { id: agreementId, input: { date: today, volume: 59.5, pricePerUnit: 350_000 } });
    expect(second.data.recordDelivery.agreement).toEqual({ id: agreementId, deliveredVolume: 100, deliveredValue: 13_770_000 + 20_825_000 });
    const read = await run(`{ offtakeAgreement(id: "${agreementId}") { fulfilmentRate deliveries { date volume amount } } }`);
    // 100 of the period's 200 days have elapsed: 100 of 200 are due, 100 delivered.
    expect(read.data.offtakeAgreement.fulfilmentRate).toBeCloseTo(1, 10);
    expect(read.data.offtakeAgreement.deliveries.map((d: any) => d.volume)).toEqual([40.5, 59.5]);
  });

  it('makes an illegal status move a CONFLICT on status, and a stale version a CONFLICT on expectedVersion', async () => {
    expect((await run(CHANGE, { id: agreementId, v: 3, status: 'SIGNED', on: today })).errors?.[0]).toMatchObject({
      message: 'An agreement cannot go from ACTIVE to SIGNED; from ACTIVE it goes to COMPLETED or CANCELLED', extensions: { code: 'CONFLICT', field: 'status' },
    });
    expect((await run(CHANGE, { id: agreementId, v: 3, status: 'NEGOTIATING', on: today })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'status' });
    expect((await run(CHANGE, { id: agreementId, v: 2, status: 'COMPLETED', on: today })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    expect((await run(CHANGE, { id: agreementId, v: 3, status: 'COMPLETED', on: today })).errors).toBeUndefined();
    expect((await run(CHANGE, { id: agreementId, v: 4, status: 'CANCELLED', on: today })).errors?.[0]).toMatchObject({
      message: 'The agreement is COMPLETED, which is final', extensions: { code: 'CONFLICT', field: 'status' },
    });
    expect((await run(DELIVER, { id: agreementId, input: { date: today, volume: 1, pricePerUnit: 1 } })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'agreementId' });
    // Completed: all of the volume was due; 100 of 200 delivered.
    expect((await run(`{ offtakeAgreement(id: "${agreementId}") { fulfilmentRate } }`)).data.offtakeAgreement.fulfilmentRate).toBeCloseTo(0.5, 10);
  });

  it('refuses bad input of every kind naming the field, and leaves the database unchanged', async () => {
    const tomorrow = addDays(today, 1);
    const signed = await run(SIGN, { input: { modelId: 'LM-22783-1', partnerId: cooperative, product: 'Gốm', volume: 50, unit: 'chiếc', pricePerUnit: 100_000, periodStart: '2025-01-01', periodEnd: '2026-12-31', signedOn: '2024-12-20' } });
    const open = signed.data.signOfftakeAgreement.id;
    await run(CHANGE, { id: open, v: 1, status: 'ACTIVE', on: '2025-01-01' });
    const sign = { modelId: 'LM-22783-1', partnerId: cooperative, product: 'Gốm', volume: 50, unit: 'chiếc', pricePerUnit: 100_000, periodStart: '2025-01-01', periodEnd: '2025-12-31' };
    const cases: [string, string, Record<string, unknown>, string, string][] = [
      ['unknown model', SIGN, { input: { ...sign, modelId: 'LM-00000-9' } }, 'NOT_FOUND', 'input.modelId'],
      ['unknown partner', SIGN, { input: { ...sign, partnerId: 'PT-NONE' } }, 'NOT_FOUND', 'input.partnerId'],
      ['negative volume', SIGN, { input: { ...sign, volume: -10 } }, 'BAD_USER_INPUT', 'input.volume'],
      ['zero price', SIGN, { input: { ...sign, pricePerUnit: 0 } }, 'BAD_USER_INPUT', 'input.pricePerUnit'],
      ['a period ending before it starts', SIGN, { input: { ...sign, periodEnd: '2024-12-31' } }, 'BAD_USER_INPUT', 'input.periodEnd'],
      ['signed in the future', SIGN, { input: { ...sign, periodEnd: addDays(today, 400), signedOn: tomorrow } }, 'BAD_USER_INPUT', 'input.signedOn'],
      ['a blank product', SIGN, { input: { ...sign, product: ' ' } }, 'BAD_USER_INPUT', 'input.product'],
      ['a delivery in the future', DELIVER, { id: open, input: { date: tomorrow, volume: 1, pricePerUnit: 100_000 } }, 'BAD_USER_INPUT', 'input.date'],
      ['a delivery before the period', DELIVER, { id: open, input: { date: '2024-12-31', volume: 1, pricePerUnit: 100_000 } }, 'BAD_USER_INPUT', 'input.date'],
      ['a negative delivered volume', DELIVER, { id: open, input: { date: '2025-02-01', volume: -1, pricePerUnit: 100_000 } }, 'BAD_USER_INPUT', 'input.volume'],
      ['a delivery under an unknown agreement', DELIVER, { id: 'OA-NONE', input: { date: '2025-02-01', volume: 1, pricePerUnit: 100_000 } }, 'NOT_FOUND', 'agreementId'],
      ['an illegal transition', CHANGE, { id: open, v: 2, status: 'SIGNED', on: today }, 'CONFLICT', 'status'],
      ['a status change in the future', CHANGE, { id: open, v: 2, status: 'COMPLETED', on: tomorrow }, 'BAD_USER_INPUT', 'on'],
      ['a wrong tax code', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '45001234', communeCodes: ['22783'] } }, 'BAD_USER_INPUT', 'input.taxCode'],
      ['a tax code with a letter', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '45001234A6', communeCodes: ['22783'] } }, 'BAD_USER_INPUT', 'input.taxCode'],
      ['an unknown commune', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '4500111111', communeCodes: ['22783', '99999'] } }, 'BAD_USER_INPUT', 'input.communeCodes.1'],
      ['no commune', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '4500111111', communeCodes: [] } }, 'BAD_USER_INPUT', 'input.communeCodes'],
    ];
    const state = await tableState(subgraph.database);
    for (const [what, source, variables, code, field] of cases) {
      const result = await run(source, variables);
      expect(result.errors?.[0]?.extensions, what).toMatchObject({ code, field });
    }
    expect(await tableState(subgraph.database)).toEqual(state);
  });

  it('refuses writes outside the officer\'s area, audited', async () => {
    const outside = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '582', subject: 'agri-582' });
    const cases = [
      [REGISTER, { input: { name: 'Y (synthetic)', kind: 'ENTERPRISE', taxCode: '4500222222', communeCodes: ['22738', '22783'] } }],
      [SIGN, { input: { modelId: 'LM-22783-1', partnerId: cooperative, product: 'Gốm', volume: 1, unit: 'chiếc', pricePerUnit: 1, periodStart: '2025-01-01', periodEnd: '2025-02-01' } }],
      [DELIVER, { id: agreementId, input: { date: today, volume: 1, pricePerUnit: 1 } }],
      [CHANGE, { id: agreementId, v: 4, status: 'CANCELLED', on: today }],
    ] as const;
    for (const [source, variables] of cases) {
      expect((await run(source, variables, outside)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    const denied = await subgraph.database.rows<{ operation: string }>(sql`select operation from agriculture.audit_log where subject = 'agri-582' and outcome = 'DENIED' order by id`);
    expect(denied.map((d) => d.operation)).toEqual(['registerPartner', 'signOfftakeAgreement', 'recordDelivery', 'changeOfftakeStatus']);
  });
});
