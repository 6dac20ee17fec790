import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { todayInVietnam, type TokenClaims } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import { ANALYST, DOLISA_OFFICER, startTestGraph, TEST_SEED, type TestGraph } from './support/graph';

const AGRICULTURE_584: TokenClaims = { department: 'AGRICULTURE', role: 'officer', area: '584', subject: 'agri-officer-584' };
const DOLISA_584: TokenClaims = { department: 'DOLISA', role: 'officer', area: '584', subject: 'dolisa-officer-584' };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The commune dashboard's Agriculture part, with the district and province figures it sums into. */
const DASHBOARD = /* GraphQL */ `
  query AgricultureDashboard($code: ID!, $year: Int!) {
    commune(code: $code) {
      name
      agricultureSupport(year: $year) {
        supportEvents householdsReached byKind { kind events householdsReached }
        techniques { technique { code name } models households events }
        modelsWithoutSupport { id name status }
        offtakeCoverage offtakeEligibleModels offtakeCoveredModels offtakeDeliveries offtakeValue
      }
      livelihoodModels {
        id status
        technicalSupports { id kind technique { code } householdsReached households { household { id } flags } }
        offtakeAgreements { id status partner { name kind taxCode } deliveries { date volume amount } deliveredVolume fulfilmentRate }
      }
    }
    district(code: "584") { agricultureSupport(year: $year) { supportEvents householdsReached offtakeDeliveries } }
    province { agricultureSupport(year: $year) { supportEvents householdsReached offtakeDeliveries } }
  }
`;

const RECORD = `mutation($input: TechnicalSupportInput!) { recordTechnicalSupport(input: $input) { id householdsReached households { household { id } flags } } }`;
const SIGN = `mutation($input: SignOfftakeAgreementInput!) { signOfftakeAgreement(input: $input) { id status version } }`;
const CHANGE = `mutation($id: ID!, $v: Int!, $s: OfftakeStatus!, $on: Date!) { changeOfftakeStatus(id: $id, expectedVersion: $v, status: $s, on: $on) { id status version } }`;
const DELIVER = `mutation($id: ID!, $input: DeliveryInput!) { recordDelivery(agreementId: $id, input: $input) { id amount } }`;
const REGISTER = `mutation($input: RegisterPartnerInput!) { registerPartner(input: $input) { id taxCode } }`;

describe('Agriculture through the gateway: an officer of Bác Ái (584) at work in Phước Bình (22783)', () => {
  let graph: TestGraph;
  let officer: Record<string, string>;
  let dolisa: Record<string, string>;
  let analyst: Record<string, string>;
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  let modelId: string;
  let participants: string[];
  let outsider: string;
  let agreementId: string;

  const ok = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const result = await graph.query(query, variables, headers);
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  const dashboard = async () => ok(DASHBOARD, { code: '22783', year }, analyst);
  const agricultureState = async () => graph.database('agriculture').rows<{ t: string; n: number }>(sql`
    select 'supports' as t, count(*)::int as n from agriculture.technical_supports union all
    select 'households', count(*)::int from agriculture.technical_support_households union all
    select 'versions', count(*)::int from agriculture.technical_support_versions union all
    select 'partners', count(*)::int from agriculture.partners union all
    select 'agreements', count(*)::int from agriculture.offtake_agreements union all
    select 'changes', count(*)::int from agriculture.offtake_status_changes union all
    select 'deliveries', count(*)::int from agriculture.offtake_deliveries union all
    select 'rollup', coalesce(sum(events), 0)::int from agriculture.support_rollup union all
    select 'ok audit', count(*)::int from agriculture.audit_log where outcome = 'OK'`);

  beforeAll(async () => {
    graph = await startTestGraph();
    [officer, dolisa, analyst] = await Promise.all([graph.headersFor(AGRICULTURE_584), graph.headersFor(DOLISA_OFFICER), graph.headersFor(ANALYST)]);
    // DOLISA runs a new model in Phước Bình with three of its households (the registry is DOLISA's to write).
    const proposed = await ok(`mutation($input: ProposeLivelihoodModelInput!) { proposeLivelihoodModel(input: $input) { id } }`, { input: {
      communeCode: '22783', name: 'Nuôi dê sinh sản (test)', sector: 'LIVESTOCK', startDate: addDays(today, -200), endDate: addDays(today, 500),
      plannedBudget: 600_000_000, proposedOn: addDays(today, -240),
    } }, dolisa);
    modelId = proposed.proposeLivelihoodModel.id;
    await ok(`mutation($id: ID!, $on: Date!) { approveLivelihoodModel(id: $id, on: $on) { status } }`, { id: modelId, on: addDays(today, -220) }, dolisa);
    await ok(`mutation($id: ID!, $on: Date!) { startLivelihoodModel(id: $id, on: $on) { status } }`, { id: modelId, on: addDays(today, -200) }, dolisa);
    const households = await ok(`{ commune(code: "22783") { households(first: 20) { edges { node { id dissolvedOn } } } } }`, {}, dolisa);
    const ids: string[] = households.commune.households.edges.filter((e: any) => e.node.dissolvedOn === null).map((e: any) => e.node.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    participants = ids.slice(0, 3);
    outsider = ids[3]!;
    for (const householdId of participants) {
      await ok(`mutation($m: ID!, $h: ID!, $on: Date!) { enrollHousehold(modelId: $m, householdId: $h, enrolledOn: $on) { enrolledOn } }`,
        { m: modelId, h: householdId, on: addDays(today, -195) }, dolisa);
    }
  });
  afterAll(() => graph?.stop());

  it('records support listing households, signs with a cooperative, records two deliveries: the dashboard shows each figure updated', async () => {
    const before = await dashboard();
    const summary0 = before.commune.agricultureSupport;
    // A running model nobody has supported for 90 days is the department's to see.
    expect(summary0.modelsWithoutSupport).toContainEqual({ id: modelId, name: 'Nuôi dê sinh sản (test)', status: 'ACTIVE' });
    expect(summary0).toMatchObject({ offtakeEligibleModels: 1, offtakeCoveredModels: 0, offtakeCoverage: 0 });

    const recorded = await ok(RECORD, { input: {
      modelId, kind: 'TECHNOLOGY_TRANSFER', date: addDays(today, -10), provider: 'Trạm Khuyến nông Bác Ái', techniqueCode: 'IMPROVED_BREED',
      householdIds: [...participants, outsider], cost: 15_000_000,
    } }, officer);
    expect(recorded.recordTechnicalSupport.householdsReached).toBe(4);

    const partner = await ok(REGISTER, { input: { name: 'HTX Chăn nuôi Phước Bình (synthetic)', kind: 'COOPERATIVE', taxCode: '4500123457001', communeCodes: ['22783'] } }, officer);
    expect(partner.registerPartner.taxCode).toBe('4500123457-001');
    // 366 days from 30 days ago: 31 have elapsed today, so 310 of the 3,660 kg are due.
    const signed = await ok(SIGN, { input: {
      modelId, partnerId: partner.registerPartner.id, product: 'Dê thịt hơi', volume: 3660, unit: 'kg', pricePerUnit: 120_000,
      periodStart: addDays(today, -30), periodEnd: addDays(today, 335), signedOn: addDays(today, -35),
    } }, officer);
    agreementId = signed.signOfftakeAgreement.id;
    expect(signed.signOfftakeAgreement).toMatchObject({ status: 'SIGNED', version: 1 });
    await ok(CHANGE, { id: agreementId, v: 1, s: 'ACTIVE', on: addDays(today, -30) }, officer);
    const first = await ok(DELIVER, { id: agreementId, input: { date: addDays(today, -15), volume: 150, pricePerUnit: 118_000 } }, officer);
    const second = await ok(DELIVER, { id: agreementId, input: { date: addDays(today, -1), volume: 160, pricePerUnit: 121_000 } }, officer);
    expect([first.recordDelivery.amount, second.recordDelivery.amount]).toEqual([17_700_000, 19_360_000]);

    const after = await dashboard();
    const summary = after.commune.agricultureSupport;
    expect(summary.supportEvents).toBe(summary0.supportEvents + 1);
    expect(summary.householdsReached).toBe(summary0.householdsReached + 4);
    expect(summary.techniques).toContainEqual({ technique: { code: 'IMPROVED_BREED', name: 'Improved breed or variety' }, models: 1, households: 4, events: 1 });
    expect(summary.modelsWithoutSupport.map((m: any) => m.id)).not.toContain(modelId);
    expect(summary).toMatchObject({ offtakeEligibleModels: 1, offtakeCoveredModels: 1, offtakeCoverage: 1 });
    expect(summary.offtakeDeliveries).toBe(summary0.offtakeDeliveries + 2);
    expect(summary.offtakeValue).toBe(summary0.offtakeValue + 17_700_000 + 19_360_000);
    for (const unit of ['district', 'province'] as const) {
      expect(after[unit].agricultureSupport).toEqual({
        supportEvents: before[unit].agricultureSupport.supportEvents + 1,
        householdsReached: before[unit].agricultureSupport.householdsReached + 4,
        offtakeDeliveries: before[unit].agricultureSupport.offtakeDeliveries + 2,
      });
    }

    const model = after.commune.livelihoodModels.find((m: any) => m.id === modelId);
    // Participation is DOLISA's: read through @requires at query time, the fourth household is flagged, not refused.
    expect(model.technicalSupports).toEqual([{
      id: recorded.recordTechnicalSupport.id, kind: 'TECHNOLOGY_TRANSFER', technique: { code: 'IMPROVED_BREED' }, householdsReached: 4,
      households: [...participants, outsider].sort().map((id) => ({ household: { id }, flags: id === outsider ? ['NOT_A_PARTICIPANT'] : [] })),
    }]);
    expect(model.offtakeAgreements).toHaveLength(1);
    const [agreement] = model.offtakeAgreements;
    expect(agreement).toMatchObject({
      id: agreementId, status: 'ACTIVE', partner: { name: 'HTX Chăn nuôi Phước Bình (synthetic)', kind: 'COOPERATIVE', taxCode: '4500123457-001' },
      deliveries: [{ date: addDays(today, -15), volume: 150, amount: 17_700_000 }, { date: addDays(today, -1), volume: 160, amount: 19_360_000 }],
      deliveredVolume: 310,
    });
    expect(agreement.fulfilmentRate).toBeCloseTo(1, 10);

    // The household's own view, with its participation read from DOLISA.
    const household = await ok(`query($id: ID!, $year: Int!) { household(id: $id) { technicalSupports(year: $year) { id households { household { id } flags } } } }`,
      { id: outsider, year }, officer);
    const [listed] = household.household.technicalSupports;
    expect(listed.households.find((h: any) => h.household.id === outsider).flags).toEqual(['NOT_A_PARTICIPANT']);
  });

  it('refuses the same officer for a model in district 582, and a DOLISA officer anywhere: FORBIDDEN, audited, nothing written', async () => {
    const elsewhere = plannedModels(TEST_SEED.seed).find((m) => m.communeCode === '22738')!;
    const state = await agricultureState();
    const input = { modelId: elsewhere.id, kind: 'TRAINING', date: addDays(today, -3), provider: 'Trạm Khuyến nông', householdsReached: 12 };
    for (const [who, headers, subject, model] of [
      ['officer of 584, model in 582', officer, AGRICULTURE_584.subject, elsewhere.id],
      ['DOLISA officer of 584', await graph.headersFor(DOLISA_584), DOLISA_584.subject, modelId],
    ] as const) {
      const result = await graph.query(RECORD, { input: { ...input, modelId: model } }, headers);
      expect(result.errors?.[0]?.extensions, who).toMatchObject({ code: 'FORBIDDEN' });
      expect(result.data, who).toBeNull();
      const [denied] = await graph.database('agriculture').rows<{ outcome: string; operation: string; entity_key: string }>(
        sql`select outcome, operation, entity_key from agriculture.audit_log where subject = ${subject} order by id desc limit 1`);
      expect(denied, who).toEqual({ outcome: 'DENIED', operation: 'recordTechnicalSupport', entity_key: model });
    }
    const signed = await graph.query(SIGN, { input: { modelId: elsewhere.id, partnerId: 'PT-C01', product: 'x', volume: 1, unit: 'kg', pricePerUnit: 1, periodStart: '2025-01-01', periodEnd: '2025-02-01' } }, officer);
    expect(signed.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await agricultureState()).toEqual(state);
  });

  it('answers bad input of every kind with the code and the field, and leaves the database unchanged', async () => {
    const state = await agricultureState();
    const agreement = await ok(`query($id: ID!) { offtakeAgreement(id: $id) { version } }`, { id: agreementId }, analyst);
    const cases: [string, string, Record<string, unknown>, string, string][] = [
      ['an unknown model', RECORD, { input: { modelId: 'LM-00000-9', kind: 'TRAINING', date: today, provider: 'x', householdsReached: 1 } }, 'NOT_FOUND', 'input.modelId'],
      ['an unknown household', RECORD, { input: { modelId, kind: 'TRAINING', date: today, provider: 'x', householdIds: ['HH-NONE'] } }, 'NOT_FOUND', 'input.householdIds.0'],
      ['a date in the future', RECORD, { input: { modelId, kind: 'TRAINING', date: addDays(today, 2), provider: 'x', householdsReached: 1 } }, 'BAD_USER_INPUT', 'input.date'],
      ['a negative volume', DELIVER, { id: agreementId, input: { date: today, volume: -5, pricePerUnit: 120_000 } }, 'BAD_USER_INPUT', 'input.volume'],
      ['a negative agreed volume', SIGN, { input: { modelId, partnerId: 'PT-C01', product: 'x', volume: -1, unit: 'kg', pricePerUnit: 1, periodStart: '2025-01-01', periodEnd: '2025-02-01' } }, 'BAD_USER_INPUT', 'input.volume'],
      ['an illegal status transition', CHANGE, { id: agreementId, v: agreement.offtakeAgreement.version, s: 'NEGOTIATING', on: today }, 'CONFLICT', 'status'],
      ['a wrong tax code', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '45-00123457', communeCodes: ['22783'] } }, 'BAD_USER_INPUT', 'input.taxCode'],
      ['a tax code already registered', REGISTER, { input: { name: 'X (synthetic)', kind: 'ENTERPRISE', taxCode: '4500123457-001', communeCodes: ['22783'] } }, 'CONFLICT', 'input.taxCode'],
    ];
    for (const [what, query, variables, code, field] of cases) {
      const result = await graph.query(query, variables, officer);
      expect(result.errors?.[0]?.extensions, what).toMatchObject({ code, field });
    }
    expect(await agricultureState()).toEqual(state);
  });

  it('costs Agriculture as many statements for the whole province as for one district', async () => {
    const selection = `communes { agricultureSupport(year: ${year}) { supportEvents techniques { technique { code } models } modelsWithoutSupport { id }
      offtakeCoverage offtakeDeliveries } livelihoodModels { technicalSupports { households { flags } } offtakeAgreements { fulfilmentRate partner { name } } } }`;
    const count = async (query: string) => {
      for (const s of graph.subgraphs) s.database.statements.reset();
      await ok(query, {}, analyst);
      return graph.database('agriculture').statements.count;
    };
    const district = await count(`{ district(code: "584") { ${selection} } }`);
    const province = await count(`{ province { districts { ${selection} } } }`);
    expect(district).toBeGreaterThan(0);
    expect(province).toBe(district);
  });
});
