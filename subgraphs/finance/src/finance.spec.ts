import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, districts } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { finance } from './index';
import { fundingSummarySql } from './funding/loaders';
import { unitFlagCountsSql } from './flags/loaders';

const SUMMARY = `{ year approved disbursed settled disbursementRate allocationCount syntheticAllocations cancelledAllocations }`;
const summaries = `query ($reps: [_Any!]!, $year: Int!) { _entities(representations: $reps) {
  ... on Province { code fundingSummary(year: $year) ${SUMMARY} }
  ... on District { code fundingSummary(year: $year) ${SUMMARY} }
  ... on Commune { code fundingSummary(year: $year) ${SUMMARY} }
} }`;
/** A unit as the gateway sends it to fundingSummary: with DOLISA's modelStatuses (none here unless given). */
const unit = (__typename: string, code: string, modelStatuses: unknown[] = []) => ({ __typename, code, modelStatuses });
const model = (id: string, facts: Record<string, unknown> = {}) => ({ __typename: 'LivelihoodModel', id, status: 'ACTIVE', endDate: '2025-12-28', plannedBudget: 10_000_000_000, ...facts });

describe('Finance funding', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
    // A hand-made fixture in raw SQL (the triggers keep payment totals and rollups for it as for a mutation):
    // Phước Bình (22783) and Phước Chính (22786) in Bác Ái (584); Đô Vinh (22738) in Phan Rang-Tháp Chàm (582).
    await subgraph.database.db.execute(sql`
      insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved, synthetic) values
        ('A1', 'NTP-GN-P2', 'LM-22783-1', '22783', 'BREED_LIVESTOCK', 2024, 600000000, true),
        ('A2', 'VNN', 'LM-22783-1', '22783', 'TRAINING', 2024, 100000000, true),
        ('A3', 'DOI-UNG', 'LM-22783-1', '22783', 'INPUTS', 2023, 50000000, true),
        ('A4', 'NTP-GN-P2', 'LM-22786-1', '22786', 'SEED', 2024, 300000000, false),
        ('A5', 'XHH-DN', null, '22738', 'INFRASTRUCTURE', 2024, 3000000000, true),
        ('A6', 'NTP-GN-P2', 'LM-22738-1', '22738', 'EQUIPMENT', 2024, 2500000000, true)`);
    await subgraph.database.db.execute(sql`
      insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved, status, synthetic) values
        ('A7', 'NS-TINH', 'LM-22738-1', '22738', 'EQUIPMENT', 2024, 999000000, 'CANCELLED', true)`);
    await subgraph.database.db.execute(sql`
      insert into finance.disbursements (allocation_id, amount, paid_on) values
        ('A1', 300000000, '2024-03-01'), ('A1', 250000000, '2024-06-01'), ('A2', 100000000, '2024-04-01'),
        ('A3', 40000000, '2023-05-01'), ('A4', 330000000, '2024-05-01'), ('A6', 1000000000, '2024-07-01')`);
    await subgraph.database.db.execute(sql`
      insert into finance.settlements (allocation_id, amount, settled_on) values ('A1', 500000000, '2024-12-01'), ('A3', 40000000, '2024-01-20')`);
  });
  afterAll(() => subgraph?.close());

  it('sums a year per commune, district and province in whole VND beyond 2^31, zeros where nothing was allocated', async () => {
    const result = await subgraph.execute(summaries, {
      year: 2024,
      reps: [unit('Commune', '22783'), unit('Commune', '22786'), unit('Commune', '22741'), unit('District', '584'), unit('District', '582'), unit('Province', '58')],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { code: '22783', fundingSummary: { year: 2024, approved: 700_000_000, disbursed: 650_000_000, settled: 500_000_000, disbursementRate: 650 / 700, allocationCount: 2, syntheticAllocations: 2, cancelledAllocations: 0 } },
        { code: '22786', fundingSummary: { year: 2024, approved: 300_000_000, disbursed: 330_000_000, settled: 0, disbursementRate: 1.1, allocationCount: 1, syntheticAllocations: 0, cancelledAllocations: 0 } },
        { code: '22741', fundingSummary: { year: 2024, approved: 0, disbursed: 0, settled: 0, disbursementRate: null, allocationCount: 0, syntheticAllocations: 0, cancelledAllocations: 0 } },
        { code: '584', fundingSummary: { year: 2024, approved: 1_000_000_000, disbursed: 980_000_000, settled: 500_000_000, disbursementRate: 0.98, allocationCount: 3, syntheticAllocations: 2, cancelledAllocations: 0 } },
        { code: '582', fundingSummary: { year: 2024, approved: 5_500_000_000, disbursed: 1_000_000_000, settled: 0, disbursementRate: 1 / 5.5, allocationCount: 2, syntheticAllocations: 2, cancelledAllocations: 1 } },
        { code: '58', fundingSummary: { year: 2024, approved: 6_500_000_000, disbursed: 1_980_000_000, settled: 500_000_000, disbursementRate: 1.98 / 6.5, allocationCount: 5, syntheticAllocations: 4, cancelledAllocations: 1 } },
      ],
    });
    const other = await subgraph.execute(summaries, { year: 2023, reps: [unit('Province', '58')] });
    expect(other.data).toEqual({
      _entities: [{ code: '58', fundingSummary: { year: 2023, approved: 50_000_000, disbursed: 40_000_000, settled: 40_000_000, disbursementRate: 0.8, allocationCount: 1, syntheticAllocations: 1, cancelledAllocations: 0 } }],
    });
  });

  it('breaks a unit\'s year down by source and by item, largest first, and counts its flags', async () => {
    const result = await subgraph.execute<any>(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on District {
      fundingSummary(year: 2024) { bySource { source { code } approved disbursed settled } byItem { item approved } flagCounts { code count } }
    } } }`, { reps: [unit('District', '584', [{ id: 'LM-22783-1', status: 'ACTIVE', endDate: '2025-12-28', plannedBudget: 650_000_000 }])] });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].fundingSummary).toEqual({
      bySource: [
        { source: { code: 'NTP-GN-P2' }, approved: 900_000_000, disbursed: 880_000_000, settled: 500_000_000 },
        { source: { code: 'VNN' }, approved: 100_000_000, disbursed: 100_000_000, settled: 0 },
      ],
      byItem: [{ item: 'BREED_LIVESTOCK', approved: 600_000_000 }, { item: 'SEED', approved: 300_000_000 }, { item: 'TRAINING', approved: 100_000_000 }],
      // A4 is paid beyond its approval; LM-22783-1's 750 million over all years is above the 650 million DOLISA plans.
      flagCounts: [{ code: 'OVERLAP', count: 0 }, { code: 'OVER_DISBURSED', count: 1 }, { code: 'UNSETTLED', count: 0 }, { code: 'FRAGMENTED', count: 0 }, { code: 'OVER_PLAN', count: 1 }],
    });
  });

  it('answers 1 commune and every unit of every level, for two years, with the same statements', async () => {
    const statementsFor = async (reps: unknown[], selection: string) => {
      subgraph.database.statements.reset();
      const result = await subgraph.execute(`query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Province { ${selection} } ... on District { ${selection} } ... on Commune { ${selection} } } }`, { reps });
      expect(result.errors).toBeUndefined();
      return subgraph.database.statements.count;
    };
    const selection = `a: fundingSummary(year: 2023) { approved flagCounts { count } } b: fundingSummary(year: 2024) { approved bySource { source { name } } flagCounts { code count } }`;
    const one = await statementsFor([unit('Commune', '22783')], selection);
    const all = await statementsFor([unit('Province', '58'), ...districts.map((d) => unit('District', d.code)), ...communes.map((c) => unit('Commune', c.code))], selection);
    expect(one).toBe(3); // sums, flag counts, the sources named
    expect(all).toBe(one);
  });

  it('reads summaries and flag counts from the rollups: the plans never touch the allocations', async () => {
    const keys = [{ level: 'COMMUNE' as const, code: '22783', year: 2024 }, { level: 'PROVINCE' as const, code: '58', year: 2023 }];
    for (const query of [fundingSummarySql(keys), unitFlagCountsSql(keys, [{ level: 'PROVINCE', code: '58', id: 'LM-22783-1', status: 'COMPLETED', endDate: '2024-01-01', plannedBudget: 1 }], '2026-01-01')]) {
      const plan = JSON.stringify(await subgraph.database.rows(sql`explain (format json) ${query}`));
      expect(plan).toMatch(/allocation_rollup|model_rollup/);
      expect(plan).not.toMatch(/"Relation Name":\s*"(allocations|disbursements|settlements)"/);
    }
  });

  it('resolves LivelihoodModel references with funding by source, cancelled money left out, the same statements for 1 model as for many', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel {
      id funding { approved disbursed settled bySource { source { code name kind } approved disbursed settled } allocations { id status } }
    } } }`;
    subgraph.database.statements.reset();
    const one = await subgraph.execute(query, { reps: [model('LM-22738-1')] });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const many = await subgraph.execute(query, { reps: ['LM-22783-1', 'LM-22786-1', 'LM-99999-1', 'LM-22738-1'].map((id) => model(id)) });
    expect(many.errors).toBeUndefined();
    expect(forOne).toBe(3); // the sums, the sources they name, the allocations
    expect(subgraph.database.statements.count).toBe(forOne);

    const [phuocBinh, phuocChinh, unknown, doVinh] = (many.data as { _entities: Record<string, any>[] })._entities;
    expect(phuocBinh).toEqual({
      id: 'LM-22783-1',
      funding: {
        approved: 750_000_000, disbursed: 690_000_000, settled: 540_000_000,
        bySource: [
          { source: { code: 'NTP-GN-P2', name: expect.stringContaining('giảm nghèo bền vững'), kind: 'NATIONAL_TARGET_PROGRAMME' }, approved: 600_000_000, disbursed: 550_000_000, settled: 500_000_000 },
          { source: { code: 'VNN', name: expect.any(String), kind: 'FOR_THE_POOR_FUND' }, approved: 100_000_000, disbursed: 100_000_000, settled: 0 },
          { source: { code: 'DOI-UNG', name: expect.any(String), kind: 'PEOPLE_CONTRIBUTION' }, approved: 50_000_000, disbursed: 40_000_000, settled: 40_000_000 },
        ],
        allocations: [{ id: 'A3', status: 'ACTIVE' }, { id: 'A1', status: 'ACTIVE' }, { id: 'A2', status: 'ACTIVE' }],
      },
    });
    expect(phuocChinh).toMatchObject({ funding: { approved: 300_000_000, disbursed: 330_000_000, settled: 0, bySource: [{ source: { code: 'NTP-GN-P2' } }] } });
    expect(unknown).toEqual({ id: 'LM-99999-1', funding: { approved: 0, disbursed: 0, settled: 0, bySource: [], allocations: [] } });
    expect(doVinh!.funding).toMatchObject({ approved: 2_500_000_000, allocations: [{ id: 'A6', status: 'ACTIVE' }, { id: 'A7', status: 'CANCELLED' }] });
  });

  it('lists the ten funding sources from the migrations, national target programmes first, and resolves them as entities', async () => {
    const result = await subgraph.execute(`{
      fundingSources { code kind legalBasis }
      _entities(representations: [{ __typename: "FundingSource", code: "VNN" }, { __typename: "FundingSource", code: "NOPE" }]) { ... on FundingSource { code kind } }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data as { fundingSources: { code: string; kind: string; legalBasis: string | null }[]; _entities: unknown[] };
    expect(data.fundingSources.map((s) => s.code)).toEqual(['NTP-DTTS', 'NTP-GN-KHAC', 'NTP-GN-P2', 'NTP-NTM', 'VNN', 'NS-TINH', 'NS-HUYEN', 'XHH-DN', 'DOI-UNG', 'NHCSXH']);
    expect(data.fundingSources.find((s) => s.code === 'NTP-GN-P2')?.legalBasis).toContain('90/QĐ-TTg');
    expect(data.fundingSources.find((s) => s.code === 'NTP-GN-KHAC')?.legalBasis).toContain('90/QĐ-TTg');
    expect(data.fundingSources.find((s) => s.code === 'NTP-DTTS')?.legalBasis).toContain('1719/QĐ-TTg');
    expect(data.fundingSources.find((s) => s.code === 'VNN')?.legalBasis).toContain('1198/QĐ-MTTW-ĐCT');
    expect(data._entities).toEqual([{ code: 'VNN', kind: 'FOR_THE_POOR_FUND' }, null]);
  });

  it('rejects a year outside 2000..2100 as BAD_USER_INPUT on field year', async () => {
    const result = await subgraph.execute(summaries, { year: 2101, reps: [unit('Province', '58'), unit('Commune', '22783')] });
    expect(result.errors).toHaveLength(2);
    for (const error of result.errors ?? []) expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(result.errors?.map((e) => e.path)).toEqual([['_entities', 0, 'fundingSummary'], ['_entities', 1, 'fundingSummary']]);
  });

  it('refuses in the database what no write may leave: negative money, settlement beyond payment, unknown sources, rewritten history', async () => {
    const db = subgraph.database.db;
    const history = { cause: expect.objectContaining({ message: expect.stringMatching(/keeps history/) }) };
    await expect(db.execute(sql`insert into finance.allocations (id, source_code, commune_code, item, year, approved) values ('X1', 'VNN', '22783', 'SEED', 2024, -1)`)).rejects.toThrow();
    await expect(db.execute(sql`insert into finance.allocations (id, source_code, commune_code, item, year, approved) values ('X3', 'NOPE', '22783', 'SEED', 2024, 10)`)).rejects.toThrow();
    await expect(db.execute(sql`insert into finance.allocations (id, source_code, commune_code, item, year, approved) values ('X4', 'VNN', '22783', 'GOLD', 2024, 10)`)).rejects.toThrow();
    await expect(db.execute(sql`insert into finance.settlements (allocation_id, amount, settled_on) values ('A2', 100000001, '2024-12-01')`)).rejects.toThrow();
    await expect(db.execute(sql`insert into finance.disbursements (allocation_id, amount, paid_on) values ('A2', 0, '2024-12-01')`)).rejects.toThrow();
    await expect(db.execute(sql`update finance.disbursements set amount = 1`)).rejects.toMatchObject(history);
    await expect(db.execute(sql`delete from finance.settlements`)).rejects.toMatchObject(history);
    await expect(db.execute(sql`delete from finance.allocations where id = 'A5'`)).rejects.toMatchObject(history);
  });
});
