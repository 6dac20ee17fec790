import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, districts } from '@ntg/admin-units';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { agriculture } from '../index';
import { registryGraph } from '../spec-helpers';
import { supportedInWindowSql, supportFiguresSql } from './summary';

const officer = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '58', subject: 'agri-58' });

/** DOLISA's modelStatuses for the fixture, as the gateway passes them along (@requires). */
const MODELS = [
  { id: 'LM-22783-1', communeCode: '22783', status: 'ACTIVE', startDate: '2025-01-01', endDate: '2026-12-31' },
  { id: 'LM-22786-1', communeCode: '22786', status: 'ACTIVE', startDate: '2025-02-01', endDate: '2026-12-31' },
  { id: 'LM-22789-1', communeCode: '22789', status: 'ACTIVE', startDate: '2024-06-01', endDate: '2026-05-28' },
  { id: 'LM-22792-1', communeCode: '22792', status: 'COMPLETED', startDate: '2024-08-01', endDate: '2025-08-28' },
  { id: 'LM-22738-1', communeCode: '22738', status: 'ACTIVE', startDate: '2026-02-01', endDate: '2027-12-31' },
] as const;
const statusesOf = (match: (m: (typeof MODELS)[number]) => boolean) =>
  MODELS.filter(match).map(({ communeCode: _, ...m }) => m);
const BAC_AI = ['22783', '22786', '22789', '22792'];

const SUMMARY = `{ year supportEvents householdsReached cost syntheticEvents byKind { kind events } techniques { technique { code name } models households events }
  modelsWithoutSupport { id } offtakeCoverage offtakeEligibleModels offtakeCoveredModels offtakeDeliveries offtakeValue }`;
const query = (year: number) => `query ($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Commune { code agricultureSupport(year: ${year}) ${SUMMARY} }
  ... on District { code agricultureSupport(year: ${year}) ${SUMMARY} }
  ... on Province { code agricultureSupport(year: ${year}) ${SUMMARY} } } }`;
const reps = () => [
  { __typename: 'Commune', code: '22783', modelStatuses: statusesOf((m) => m.communeCode === '22783') },
  { __typename: 'Commune', code: '22786', modelStatuses: statusesOf((m) => m.communeCode === '22786') },
  { __typename: 'District', code: '584', modelStatuses: statusesOf((m) => BAC_AI.includes(m.communeCode)) },
  { __typename: 'Province', code: '58', modelStatuses: statusesOf(() => true) },
];

describe('agricultureSupport on every unit level, with the flags DOLISA\'s model statuses feed', () => {
  const graph = registryGraph({ models: Object.fromEntries(MODELS.map((m) => [m.id, { communeCode: m.communeCode }])), households: {} });
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  let partnerId: string;
  const run = async (source: string, variables?: Record<string, unknown>) => {
    const result = await subgraph.execute<any>(source, variables, { caller: officer });
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  const support = (modelId: string, kind: string, date: string, householdsReached: number, techniqueCode?: string) =>
    run(`mutation($input: TechnicalSupportInput!) { recordTechnicalSupport(input: $input) { id } }`, {
      input: { modelId, kind, date, provider: 'Trạm Khuyến nông (test)', householdsReached, techniqueCode, cost: 1_000_000 },
    });
  const agreement = async (modelId: string, periodStart: string, periodEnd: string, moves: [string, string][]) => {
    const signed = await run(`mutation($input: SignOfftakeAgreementInput!) { signOfftakeAgreement(input: $input) { id version } }`, {
      input: { modelId, partnerId, product: 'Sản phẩm (test)', volume: 1000, unit: 'kg', pricePerUnit: 50_000, periodStart, periodEnd, signedOn: periodStart },
    });
    let { id, version } = signed.signOfftakeAgreement;
    for (const [status, on] of moves) {
      ({ version } = (await run(`mutation { changeOfftakeStatus(id: "${id}", expectedVersion: ${version}, status: ${status}, on: "${on}") { version } }`)).changeOfftakeStatus);
      if (status === 'ACTIVE') await run(`mutation { recordDelivery(agreementId: "${id}", input: { date: "${on}", volume: 100, pricePerUnit: 52000 }) { id } }`);
    }
    return id as string;
  };

  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture, { graph });
    partnerId = (await run(`mutation { registerPartner(input: { name: "HTX Test (synthetic)", kind: COOPERATIVE, taxCode: "4500000001", communeCodes: ["22783"] }) { id } }`)).registerPartner.id;
    await support('LM-22783-1', 'TECHNOLOGY_TRANSFER', '2025-03-01', 20, 'VIETGAP');
    await support('LM-22783-1', 'TRAINING', '2025-10-15', 30);
    await support('LM-22789-1', 'TECHNOLOGY_TRANSFER', '2024-12-01', 15, 'VIETGAP');
    await support('LM-22789-1', 'EXTENSION_VISIT', '2025-06-01', 12);
    await support('LM-22792-1', 'TECHNOLOGY_TRANSFER', '2025-04-01', 18, 'IMPROVED_BREED');
    await agreement('LM-22783-1', '2025-03-01', '2026-02-28', [['ACTIVE', '2025-03-01']]);
    await agreement('LM-22786-1', '2025-09-01', '2026-08-31', []);
    await agreement('LM-22792-1', '2024-09-01', '2025-08-28', [['ACTIVE', '2024-09-01'], ['COMPLETED', '2025-08-28']]);
  });
  afterAll(() => subgraph?.close());

  it('sums communes into their district and the province, techniques by distinct models', async () => {
    const [phuocBinh, phuocChinh, bacAi, province] = (await run(query(2025), { reps: reps() }))._entities;
    expect(phuocBinh.agricultureSupport).toMatchObject({
      year: 2025, supportEvents: 2, householdsReached: 50, cost: 2_000_000, byKind: [{ kind: 'TRAINING', events: 1 }, { kind: 'TECHNOLOGY_TRANSFER', events: 1 }],
      techniques: [{ technique: { code: 'VIETGAP', name: 'VietGAP good agricultural practice' }, models: 1, households: 20, events: 1 }],
      offtakeDeliveries: 1, offtakeValue: 5_200_000,
    });
    expect(phuocChinh.agricultureSupport).toMatchObject({ supportEvents: 0, techniques: [], offtakeDeliveries: 0, offtakeValue: 0 });
    expect(bacAi.agricultureSupport).toMatchObject({
      supportEvents: 4, householdsReached: 80, cost: 4_000_000,
      techniques: [{ technique: { code: 'IMPROVED_BREED' }, models: 1, households: 18, events: 1 }, { technique: { code: 'VIETGAP' }, models: 1, households: 20, events: 1 }],
      offtakeDeliveries: 1, offtakeValue: 5_200_000,
    });
    expect(province.agricultureSupport).toEqual({ ...bacAi.agricultureSupport });
    const y2024 = (await run(query(2024), { reps: reps() }))._entities;
    // The 2024 VIETGAP transfer was to another model: the province's VIETGAP row for 2024 counts it alone.
    expect(y2024[3].agricultureSupport.techniques).toEqual([{ technique: { code: 'VIETGAP', name: 'VietGAP good agricultural practice' }, models: 1, households: 15, events: 1 }]);
    expect(y2024[3].agricultureSupport).toMatchObject({ supportEvents: 1, offtakeDeliveries: 1, offtakeValue: 5_200_000 });
  });

  it('lists ACTIVE models without support in the 90 days up to the year\'s end, from the statuses DOLISA sent', async () => {
    const [phuocBinh, phuocChinh, bacAi, province] = (await run(query(2025), { reps: reps() }))._entities;
    expect(phuocBinh.agricultureSupport.modelsWithoutSupport).toEqual([]);
    expect(phuocChinh.agricultureSupport.modelsWithoutSupport).toEqual([{ id: 'LM-22786-1' }]);
    // LM-22789-1's last support (June) is outside Oct 3 - Dec 31; LM-22792-1 is COMPLETED; LM-22738-1 starts in 2026.
    expect(bacAi.agricultureSupport.modelsWithoutSupport).toEqual([{ id: 'LM-22786-1' }, { id: 'LM-22789-1' }]);
    expect(province.agricultureSupport.modelsWithoutSupport).toEqual([{ id: 'LM-22786-1' }, { id: 'LM-22789-1' }]);
    // At the end of 2024 only LM-22789-1 was running, and it had its December visit.
    expect((await run(query(2024), { reps: reps() }))._entities[3].agricultureSupport.modelsWithoutSupport).toEqual([]);
    // Without the statuses (a path that did not carry them) nothing is listed rather than guessed.
    const bare = await run(query(2025), { reps: [{ __typename: 'Commune', code: '22786' }] });
    expect(bare._entities[0].agricultureSupport).toMatchObject({ modelsWithoutSupport: [], offtakeCoverage: null, offtakeEligibleModels: 0 });
  });

  it('measures offtake coverage over the ACTIVE and COMPLETED models that ran in the year', async () => {
    const [phuocBinh, phuocChinh, bacAi, province] = (await run(query(2025), { reps: reps() }))._entities;
    expect(phuocBinh.agricultureSupport).toMatchObject({ offtakeCoverage: 1, offtakeEligibleModels: 1, offtakeCoveredModels: 1 });
    // Its agreement is only SIGNED.
    expect(phuocChinh.agricultureSupport).toMatchObject({ offtakeCoverage: 0, offtakeEligibleModels: 1, offtakeCoveredModels: 0 });
    expect(bacAi.agricultureSupport).toMatchObject({ offtakeCoverage: 0.5, offtakeEligibleModels: 4, offtakeCoveredModels: 2 });
    expect(province.agricultureSupport).toMatchObject({ offtakeCoverage: 0.5, offtakeEligibleModels: 4, offtakeCoveredModels: 2 });
    // 2026: LM-22792-1 had ended; LM-22738-1 starts with no agreement.
    const y2026 = (await run(query(2026), { reps: reps() }))._entities[3].agricultureSupport;
    expect(y2026).toMatchObject({ offtakeEligibleModels: 4, offtakeCoveredModels: 1, offtakeCoverage: 0.25 });
  });

  it('answers one commune, and all 65 communes with the 7 districts and the province, in the same few statements', async () => {
    const statuses = (code: string) => statusesOf((m) => m.communeCode === code);
    subgraph.database.statements.reset();
    await run(query(2025), { reps: [{ __typename: 'Commune', code: '22783', modelStatuses: statuses('22783') }] });
    const one = subgraph.database.statements.count;
    subgraph.database.statements.reset();
    const all = await run(query(2025), { reps: [
      ...communes.map((c) => ({ __typename: 'Commune', code: c.code, modelStatuses: statuses(c.code) })),
      ...districts.map((d) => ({ __typename: 'District', code: d.code, modelStatuses: statusesOf((m) => communes.find((c) => c.code === m.communeCode)!.districtCode === d.code) })),
      { __typename: 'Province', code: '58', modelStatuses: statusesOf(() => true) },
    ] });
    expect(all._entities).toHaveLength(73);
    // Figures, technique names, the 90-day windows, offtake coverage, deliveries: one statement each.
    expect(one).toBe(5);
    expect(subgraph.database.statements.count).toBe(one);
  });

  it('reads figures from the rollup, never the events, and probes the window by the live-events index', async () => {
    // Enough events elsewhere that the planner would rather not scan them.
    await subgraph.database.db.execute(sql`
      insert into agriculture.technical_supports (id, model_id, commune_code, kind, support_date, provider, households_reached, synthetic)
      select 'TS-BULK-' || g, 'LM-BULK-' || (g % 500), '22738', 'TRAINING', date '2024-01-01' + (g % 700), 'bulk (synthetic)', 5, true
      from generate_series(1, 20000) g`);
    await subgraph.database.db.execute(sql`analyze agriculture.technical_supports`);
    await subgraph.database.db.execute(sql`analyze agriculture.support_rollup`);
    const figuresPlan = JSON.stringify(await subgraph.database.rows(sql`explain (format json) ${supportFiguresSql([{ level: 'COMMUNE', code: '22783', year: 2025 }, { level: 'PROVINCE', code: '58', year: 2024 }])}`));
    expect(figuresPlan).toContain('support_rollup');
    expect(figuresPlan).not.toContain('"technical_supports"');
    const windowPlan = JSON.stringify(await subgraph.database.rows(sql`explain (format json) ${supportedInWindowSql([{ modelId: 'LM-22783-1', asOf: '2025-12-31' }, { modelId: 'LM-22786-1', asOf: '2025-12-31' }])}`));
    expect(windowPlan).toContain('technical_supports_model_live');
    expect(windowPlan).not.toContain('Seq Scan');
  });
});
