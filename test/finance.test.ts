import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, findCommune, type Commune } from '@ntg/admin-units';
import { plannedModels } from '@ntg/synthetic';
import { ANALYST, DOLISA_OFFICER, startTestGraph, TEST_SEED, type TestGraph } from './support/graph';

/**
 * Finance through the gateway: the "Done when" walk-through of issue 11 (flags raised and cleared, DOLISA's budget
 * revision followed with no write in Finance, refusals leaving the database unchanged), and the reads that cross
 * departments (@requires on fields with arguments, personal funding of households).
 */
const FLAGS = `query($id: ID!) { livelihoodModel(id: $id) { id plannedBudget version funding { approved disbursed flags { code detail allocations { id year } } } } }`;
type Flag = { code: string; detail: string; allocations: { id: string; year: number }[] };

describe('Finance through the gateway', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  let dolisa: Record<string, string>;
  /** The walk-through's model: a seeded ACTIVE model with no flag, its commune, district and a household of it. */
  let model: { id: string; communeCode: string };
  let commune: Commune;
  let householdId: string;
  let finance: Record<string, string>;
  let outsider: Record<string, string>;

  const query = async (source: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const result = await graph.query(source, variables, headers);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data;
  };
  const flagsOf = async (id: string): Promise<Flag[]> => (await query(FLAGS, { id }, analyst)).livelihoodModel.funding.flags;
  const codesOf = async (id: string) => (await flagsOf(id)).map((f) => f.code);
  const allocate = async (input: Record<string, unknown>, headers = finance) =>
    (await query(`mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id version } }`,
      { input: { modelId: model.id, sourceCode: 'NTP-GN-P2', item: 'BREED_LIVESTOCK', year: 2024, approved: 20_000_000, ...input } }, headers)).allocateFunding as { id: string; version: number };
  /** Row counts of every Finance table a write touches, and of its audit trail's successful entries. */
  const financeRows = async () => (await graph.database('finance').rows<Record<string, number>>(sql`select
    (select count(*)::int from finance.allocations) as allocations, (select count(*)::int from finance.allocation_versions) as versions,
    (select count(*)::int from finance.disbursements) as disbursements, (select count(*)::int from finance.settlements) as settlements,
    (select count(*)::int from finance.disbursement_reversals) as disbursement_reversals,
    (select count(*)::int from finance.settlement_reversals) as settlement_reversals,
    (select coalesce(sum(approved), 0)::text from finance.allocations) as approved,
    (select coalesce(sum(disbursed), 0)::text from finance.allocations) as disbursed,
    (select count(*)::int from finance.audit_log where outcome = 'OK') as audited`))[0]!;

  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
    dolisa = await graph.headersFor(DOLISA_OFFICER);
    const active = await query(`{ livelihoodModels(filter: { status: ACTIVE }, first: 500) { edges { node { id funding { flags { code } } } } } }`, {}, analyst);
    const clean = new Set(active.livelihoodModels.edges.filter((e: any) => e.node.funding.flags.length === 0).map((e: any) => e.node.id));
    model = plannedModels(TEST_SEED.seed).find((m) => clean.has(m.id))!;
    commune = findCommune(model.communeCode)!;
    const households = await query(`query($code: ID!) { commune(code: $code) { households(first: 1) { edges { node { id } } } } }`, { code: commune.code }, analyst);
    householdId = households.commune.households.edges[0].node.id;
    finance = await graph.headersFor({ department: 'FINANCE', role: 'officer', area: commune.districtCode, subject: 'finance-officer-of-the-district' });
    const otherDistrict = communes.find((c) => c.districtCode !== commune.districtCode)!.districtCode;
    outsider = await graph.headersFor({ department: 'FINANCE', role: 'officer', area: otherDistrict, subject: 'finance-officer-elsewhere' });
  }, 300_000); // the whole graph seeded, on a machine the suite shares
  afterAll(() => graph?.stop());

  it('OVERLAP: the same BREED_LIVESTOCK for the same household and year from two sources shows on the model, naming both; a cancellation clears it', async () => {
    const first = await allocate({ householdId, sourceCode: 'NTP-GN-P2' });
    expect(await codesOf(model.id)).not.toContain('OVERLAP');
    const second = await allocate({ householdId, sourceCode: 'VNN' });
    const overlap = (await flagsOf(model.id)).filter((f) => f.code === 'OVERLAP');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]!.allocations.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
    expect(overlap[0]!.detail).toContain(first.id);
    expect(overlap[0]!.detail).toContain(second.id);
    await query(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "The fund pays this household instead (test)") { status } }`, { id: first.id }, finance);
    expect(await codesOf(model.id)).not.toContain('OVERLAP');
  });

  it('OVER_DISBURSED: paying beyond the approved amount is accepted and flagged; amending the amount clears it', async () => {
    const { id, version } = await allocate({ item: 'EQUIPMENT', approved: 30_000_000, year: 2023 });
    const paid = await query(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 33000000, paidOn: "2023-09-01", reference: "UNC-T1" }) {
      amount allocation { approved disbursed } } }`, { id }, finance);
    expect(paid.recordDisbursement).toEqual({ amount: 33_000_000, allocation: { approved: 30_000_000, disbursed: 33_000_000 } });
    const flag = (await flagsOf(model.id)).find((f) => f.code === 'OVER_DISBURSED')!;
    expect(flag.allocations).toEqual([{ id, year: 2023 }]);
    expect(flag.detail).toContain('disbursed 33,000,000 VND of 30,000,000 VND approved');
    await query(`mutation($id: ID!, $v: Int!) { amendAllocation(id: $id, expectedVersion: $v, input: { approved: 33000000 }, reason: "Approved what was paid (test)") { version } }`, { id, v: version }, finance);
    expect(await codesOf(model.id)).not.toContain('OVER_DISBURSED');
  });

  it('reverseDisbursement: a payment above the approved amount entered by mistake is reversed; the flag and every total go back, the payment stays listed with its reversal', async () => {
    const district = commune.districtCode;
    const totals = async () => {
      const data = await query(`query($id: ID!, $district: ID!) {
        livelihoodModel(id: $id) { funding { disbursed flags { code allocations { id } } } }
        district(code: $district) { fundingSummary(year: 2023) { disbursed flagCounts { code count } } } }`, { id: model.id, district }, analyst);
      const summary = data.district.fundingSummary;
      return {
        modelDisbursed: data.livelihoodModel.funding.disbursed as number,
        overDisbursed: (data.livelihoodModel.funding.flags as { code: string; allocations: { id: string }[] }[]).filter((f) => f.code === 'OVER_DISBURSED').flatMap((f) => f.allocations.map((a) => a.id)),
        districtDisbursed: summary.disbursed as number,
        districtOverDisbursed: summary.flagCounts.find((c: { code: string }) => c.code === 'OVER_DISBURSED').count as number,
      };
    };
    const { id } = await allocate({ item: 'EQUIPMENT', approved: 10_000_000, year: 2023 });
    const before = await totals();
    const paid = await query(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 12000000, paidOn: "2023-10-01", reference: "UNC-T2" }) { id } }`, { id }, finance);
    const payment = paid.recordDisbursement.id as string;
    expect(await totals()).toEqual({
      modelDisbursed: before.modelDisbursed + 12_000_000, overDisbursed: [...before.overDisbursed, id],
      districtDisbursed: before.districtDisbursed + 12_000_000, districtOverDisbursed: before.districtOverDisbursed + 1,
    });

    const REVERSE = `mutation($id: ID!) { reverseDisbursement(id: $id, date: "2023-10-15", reason: "Paid from the wrong allocation (test)") {
      id amount reversal { reversedOn reason recordedBy } allocation { approved disbursed } } }`;
    const rowsBefore = await financeRows();
    const denied = await graph.query(REVERSE, { id: payment }, outsider);
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await financeRows()).toEqual(rowsBefore);
    const [audit] = await graph.database('finance').rows<{ units: string[]; entity: string }>(
      sql`select units, entity from finance.audit_log where outcome = 'DENIED' and operation = 'reverseDisbursement' and subject = 'finance-officer-elsewhere'`);
    expect(audit).toEqual({ units: [commune.code], entity: 'Disbursement' });

    const reversed = await query(REVERSE, { id: payment }, finance);
    expect(reversed.reverseDisbursement).toEqual({
      id: payment, amount: 12_000_000,
      reversal: { reversedOn: '2023-10-15', reason: 'Paid from the wrong allocation (test)', recordedBy: 'finance-officer-of-the-district' },
      allocation: { approved: 10_000_000, disbursed: 0 },
    });
    expect(await totals()).toEqual(before);
    const listed = await query(`query($id: ID!) { fundingAllocation(id: $id) { disbursed disbursements { id amount paidOn reference reversal { reversedOn reason } } } }`, { id }, finance);
    expect(listed.fundingAllocation).toEqual({
      disbursed: 0,
      disbursements: [{ id: payment, amount: 12_000_000, paidOn: '2023-10-01', reference: 'UNC-T2', reversal: { reversedOn: '2023-10-15', reason: 'Paid from the wrong allocation (test)' } }],
    });
    const again = await graph.query(REVERSE, { id: payment }, finance);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it('OVER_PLAN: above DOLISA\'s planned budget; when DOLISA revises the budget the flag follows, with no write in Finance', async () => {
    const read = await query(FLAGS, { id: model.id }, analyst);
    const { plannedBudget } = read.livelihoodModel;
    const approved = read.livelihoodModel.funding.approved;
    expect(approved).toBeGreaterThan(plannedBudget); // the walk-through's allocations so far took it over
    const overPlan = read.livelihoodModel.funding.flags.find((f: Flag) => f.code === 'OVER_PLAN');
    expect(overPlan.detail).toContain(`above the planned budget of ${plannedBudget.toLocaleString('en-US')} VND`);

    const before = await financeRows();
    const revise = (budget: number, version: number) => query(`mutation($id: ID!, $v: Int!, $b: Vnd!) {
      reviseModelBudget(id: $id, expectedVersion: $v, plannedBudget: $b, reason: "Breeding stock prices rose (test)") { version plannedBudget } }`,
    { id: model.id, v: version, b: budget }, dolisa);
    const raised = (await revise(approved, read.livelihoodModel.version)).reviseModelBudget;
    expect(await codesOf(model.id)).not.toContain('OVER_PLAN');
    await revise(approved - 1, raised.version);
    expect(await codesOf(model.id)).toContain('OVER_PLAN');
    expect(await financeRows()).toEqual(before);
    await revise(approved, raised.version + 1);
    expect(await codesOf(model.id)).toEqual([]);
  });

  it('UNSETTLED: money of a completed model unsettled 90 days after its end (DOLISA\'s facts); a settlement clears it', async () => {
    const completed = plannedModels(TEST_SEED.seed).find((m) => m.status === 'COMPLETED' && m.communeCode !== model.communeCode && m.endDate < '2024-12-01')!;
    const district = findCommune(completed.communeCode)!.districtCode;
    const officer = await graph.headersFor({ department: 'FINANCE', role: 'officer', area: district, subject: 'finance-officer-2' });
    const flagsBefore = await codesOf(completed.id);
    expect(flagsBefore).not.toContain('UNSETTLED');
    const { id } = await allocate({ modelId: completed.id, item: 'TRAINING', approved: 15_000_000, year: Number(completed.endDate.slice(0, 4)) }, officer);
    await query(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 15000000, paidOn: "${completed.endDate}" }) { id } }`, { id }, officer);
    const flag = (await flagsOf(completed.id)).find((f) => f.code === 'UNSETTLED')!;
    expect(flag.allocations.map((a) => a.id)).toEqual([id]);
    expect(flag.detail).toContain(`completed on ${completed.endDate}`);
    await query(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 15000000, settledOn: "2025-01-15", documentNumber: "QT-T1" }) { id } }`, { id }, officer);
    expect(await codesOf(completed.id)).not.toContain('UNSETTLED');
  });

  it('FRAGMENTED: a fourth small allocation from a second source raises it; an amendment to 10 million clears it', async () => {
    // A year in which the model has no small allocation of its own yet, so that the count starts at zero.
    const { livelihoodModel } = await query(`query($id: ID!) { livelihoodModel(id: $id) { funding { allocations { year approved status } } } }`, { id: model.id }, analyst);
    const year = [2023, 2024, 2025, 2026].find((y) => !livelihoodModel.funding.allocations.some((a: any) => a.year === y && a.status === 'ACTIVE' && a.approved < 10_000_000))!;
    const small = (sourceCode: string) => allocate({ sourceCode, item: 'TRAINING', approved: 5_000_000, year });
    const ids = [await small('VNN'), await small('VNN'), await small('DOI-UNG')];
    expect(await codesOf(model.id)).not.toContain('FRAGMENTED');
    ids.push(await small('DOI-UNG'));
    const flag = (await flagsOf(model.id)).find((f) => f.code === 'FRAGMENTED')!;
    expect(flag.allocations.map((a) => a.id).sort()).toEqual(ids.map((a) => a.id).sort());
    await query(`mutation($id: ID!, $v: Int!) { amendAllocation(id: $id, expectedVersion: $v, input: { approved: 10000000 }, reason: "Merged two trainings (test)") { id } }`,
      { id: ids[0]!.id, v: ids[0]!.version }, finance);
    expect(await codesOf(model.id)).not.toContain('FRAGMENTED');
  });

  it('refuses a Finance officer of another district (FORBIDDEN, audited) and bad input with a clear error, the database unchanged', async () => {
    const before = await financeRows();
    const denied = await graph.query(`mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id } }`,
      { input: { modelId: model.id, sourceCode: 'VNN', item: 'SEED', year: 2024, approved: 1_000_000 } }, outsider);
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const [audit] = await graph.database('finance').rows<{ units: string[]; reason: string }>(
      sql`select units, reason from finance.audit_log where outcome = 'DENIED' and operation = 'allocateFunding' and subject = 'finance-officer-elsewhere'`);
    expect(audit).toEqual({ units: [commune.code], reason: expect.stringMatching(/outside your area/) });

    const { id } = await allocate({ item: 'SEED', approved: 10_000_000, year: 2024 });
    await query(`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: 4000000, paidOn: "2024-04-01" }) { id } }`, { id }, finance);
    const baseline = await financeRows();
    const ALLOCATE = `mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id } }`;
    const input = { modelId: model.id, sourceCode: 'VNN', item: 'SEED', year: 2024, approved: 1_000_000 };
    const cases: [string, Record<string, unknown>, string, string | undefined][] = [
      [ALLOCATE, { input: { ...input, approved: -1_000_000 } }, 'BAD_USER_INPUT', 'input.approved'],
      [ALLOCATE, { input: { ...input, approved: 1_000_000.5 } }, 'BAD_USER_INPUT', undefined],
      [ALLOCATE, { input: { ...input, sourceCode: 'NO-SUCH-SOURCE' } }, 'BAD_USER_INPUT', 'input.sourceCode'],
      [ALLOCATE, { input: { ...input, modelId: 'LM-00000-9' } }, 'NOT_FOUND', 'input.modelId'],
      [ALLOCATE, { input: { ...input, householdId: 'HH-00000-000000' } }, 'NOT_FOUND', 'input.householdId'],
      [`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 4000001, settledOn: "2024-12-01" }) { id } }`, { id }, 'BAD_USER_INPUT', 'input.amount'],
      [`mutation($id: ID!) { recordDisbursement(allocationId: $id, input: { amount: -5, paidOn: "2024-04-02" }) { id } }`, { id }, 'BAD_USER_INPUT', 'input.amount'],
    ];
    for (const [source, variables, code, field] of cases) {
      const result = await graph.query(source, variables, finance);
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, ...(field ? { field } : {}) });
      expect(result.errors?.[0]?.message.length).toBeGreaterThan(10);
    }
    // The gateway passes a fraction on to Finance, whose Vnd scalar refuses it; the caller reads why.
    const fraction = await graph.query(ALLOCATE, { input: { ...input, approved: 1_000_000.5 } }, finance);
    expect(fraction.errors?.[0]?.message).toMatch(/input\.approved.*whole number of đồng/);
    expect(await financeRows()).toEqual(baseline);
    expect(before.allocations).toBe(baseline.allocations! - 1);
  });

  it('counts the flags per unit and year with @requires on fundingSummary(year): two years side by side, three levels, consistent with the models\' flags', async () => {
    const summary = `a: fundingSummary(year: 2023) { approved flagCounts { code count } } b: fundingSummary(year: 2024) { approved flagCounts { code count } }`;
    const data = await query(`{ province { ${summary} districts { code ${summary} communes { code ${summary} } } } }`, {}, analyst);
    const models = await query(`{ livelihoodModels(first: 500) { edges { node { id funding { flags { code allocations { year } } } } } } }`, {}, analyst);
    const expected = (year: number) => {
      const counts: Record<string, number> = { OVERLAP: 0, OVER_DISBURSED: 0, UNSETTLED: 0, FRAGMENTED: 0, OVER_PLAN: 0 };
      for (const edge of models.livelihoodModels.edges) {
        for (const flag of edge.node.funding.flags as Flag[]) if (flag.allocations.some((a) => a.year === year)) counts[flag.code]! += 1;
      }
      return counts;
    };
    const asMap = (counts: { code: string; count: number }[]) => Object.fromEntries(counts.map((c) => [c.code, c.count]));
    expect(asMap(data.province.a.flagCounts)).toEqual(expected(2023));
    expect(asMap(data.province.b.flagCounts)).toEqual(expected(2024));
    for (const code of ['OVER_DISBURSED', 'UNSETTLED', 'FRAGMENTED', 'OVER_PLAN', 'OVERLAP']) expect(expected(2024)[code], code).toBeGreaterThan(0);
    for (const key of ['a', 'b'] as const) {
      const districtSum = (code: string) => data.province.districts.reduce((s: number, d: any) => s + asMap(d[key].flagCounts)[code]!, 0);
      const communeSum = (code: string) => data.province.districts.flatMap((d: any) => d.communes).reduce((s: number, c: any) => s + asMap(c[key].flagCounts)[code]!, 0);
      for (const code of Object.keys(expected(2024))) {
        expect(districtSum(code), `${key} ${code}`).toBe(asMap(data.province[key].flagCounts)[code]);
        expect(communeSum(code), `${key} ${code}`).toBe(asMap(data.province[key].flagCounts)[code]);
      }
      expect(data.province.districts.reduce((s: number, d: any) => s + d[key].approved, 0)).toBe(data.province[key].approved);
    }
  });

  it('keeps the programme\'s province totals at the published figures, and the demo households the seed names exist in DOLISA', async () => {
    const data = await query(`{ province { a: fundingSummary(year: 2023) { bySource { source { code } approved } } b: fundingSummary(year: 2024) { bySource { source { code } approved } } } }`, {}, analyst);
    const programme = (rows: { source: { code: string }; approved: number }[]) =>
      rows.filter((r) => r.source.code === 'NTP-GN-P2' || r.source.code === 'NTP-GN-KHAC').reduce((s, r) => s + r.approved, 0);
    // The walk-through above added Project 2 money in 2023 and 2024; the seed's own is exactly the published figures.
    const added = await graph.database('finance').rows<{ year: number; approved: string }>(sql`select year, coalesce(sum(approved), 0)::text as approved from finance.allocations
      where status = 'ACTIVE' and source_code in ('NTP-GN-P2', 'NTP-GN-KHAC') and recorded_by <> 'synthetic-seed' group by year`);
    const extra = (year: number) => Number(added.find((r) => r.year === year)?.approved ?? 0);
    expect(programme(data.province.a.bySource) - extra(2023)).toBe(167_290_000_000);
    expect(programme(data.province.b.bySource) - extra(2024)).toBe(192_700_000_000);
    const seeded = await graph.database('finance').rows<{ household_id: string }>(sql`select distinct household_id from finance.allocations where household_id is not null and synthetic`);
    expect(seeded.length).toBeGreaterThan(0);
    for (const { household_id } of seeded) {
      expect((await query(`query($id: ID!) { household(id: $id) { id } }`, { id: household_id }, analyst)).household).toEqual({ id: household_id });
    }
  });

  it('Household.fundingReceived: DOLISA and Finance officers of the household\'s area read it, through @requires of its commune; others get FORBIDDEN', async () => {
    const source = `query($id: ID!) { household(id: $id) { id commune { code } fundingReceived(year: 2024) { approved allocations { id source { code } } } } }`;
    for (const headers of [finance, await graph.headersFor({ department: 'DOLISA', role: 'officer', area: commune.code })]) {
      const own = await query(source, { id: householdId }, headers);
      expect(own.household.fundingReceived.allocations.map((a: any) => a.source.code).sort()).toEqual(['NTP-GN-P2', 'VNN']);
      expect(own.household.fundingReceived.approved).toBe(20_000_000); // the cancelled allocation is left out
    }
    for (const headers of [analyst, outsider, await graph.headersFor({ department: 'AGRICULTURE', role: 'officer', area: '58' })]) {
      const refused = await graph.query(source, { id: householdId }, headers);
      expect(refused.data.household).toMatchObject({ id: householdId, fundingReceived: null });
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('answers a district and the whole province with the same Finance statements (models\' flags and unit counts)', async () => {
    const selection = `communes { fundingSummary(year: 2024) { approved flagCounts { code count } } livelihoodModels { funding { approved flags { code allocations { id } } } } }`;
    const count = async (source: string) => {
      for (const s of graph.subgraphs) s.database.statements.reset();
      await query(source, {}, analyst);
      return graph.database('finance').statements.count;
    };
    const one = await count(`{ district(code: "584") { ${selection} } }`);
    const all = await count(`{ province { districts { ${selection} } } }`);
    expect(all).toBe(one);
    expect(one).toBeLessThanOrEqual(6);
  });

  it('lists the plan\'s guidance with its status as of today', async () => {
    const data = await query(`{ fundingGuidance { id dueDate issuedOn status } }`, {}, analyst);
    expect(data.fundingGuidance).toEqual([
      { id: '249-INTEGRATION', dueDate: '2023-04-30', issuedOn: '2023-04-25', status: 'ISSUED_ON_TIME' },
      { id: '249-SETTLEMENT', dueDate: '2025-06-30', issuedOn: null, status: 'OVERDUE' },
    ]);
  });
});
