import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, districts } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { finance } from './index';

const SUMMARY = `{ year approved disbursed settled disbursementRate allocationCount syntheticAllocations }`;
const summaries = `query ($reps: [_Any!]!, $year: Int!) { _entities(representations: $reps) {
  ... on Province { code fundingSummary(year: $year) ${SUMMARY} }
  ... on District { code fundingSummary(year: $year) ${SUMMARY} }
  ... on Commune { code fundingSummary(year: $year) ${SUMMARY} }
} }`;
const unit = (__typename: string, code: string) => ({ __typename, code });

describe('Finance funding', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
    // A hand-made fixture: Phước Bình (22783) and Phước Chính (22786) in Bác Ái (584); Đô Vinh (22738) in Phan Rang-Tháp Chàm (582).
    await subgraph.database.db.execute(sql`
      insert into finance.allocations (id, source_code, model_id, commune_code, year, approved, disbursed, settled, synthetic) values
        ('A1', 'NTP-GN-P2', 'LM-22783-1', '22783', 2024, 600000000, 550000000, 500000000, true),
        ('A2', 'VNN', 'LM-22783-1', '22783', 2024, 100000000, 100000000, 0, true),
        ('A3', 'DOI-UNG', 'LM-22783-1', '22783', 2023, 50000000, 40000000, 40000000, true),
        ('A4', 'NTP-GN-P2', 'LM-22786-1', '22786', 2024, 300000000, 330000000, 0, false),
        ('A5', 'XHH-DN', null, '22738', 2024, 3000000000, 0, 0, true),
        ('A6', 'NTP-GN-P2', 'LM-22738-1', '22738', 2024, 2500000000, 1000000000, 0, true)`);
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
        { code: '22783', fundingSummary: { year: 2024, approved: 700_000_000, disbursed: 650_000_000, settled: 500_000_000, disbursementRate: 650 / 700, allocationCount: 2, syntheticAllocations: 2 } },
        { code: '22786', fundingSummary: { year: 2024, approved: 300_000_000, disbursed: 330_000_000, settled: 0, disbursementRate: 1.1, allocationCount: 1, syntheticAllocations: 0 } },
        { code: '22741', fundingSummary: { year: 2024, approved: 0, disbursed: 0, settled: 0, disbursementRate: null, allocationCount: 0, syntheticAllocations: 0 } },
        { code: '584', fundingSummary: { year: 2024, approved: 1_000_000_000, disbursed: 980_000_000, settled: 500_000_000, disbursementRate: 0.98, allocationCount: 3, syntheticAllocations: 2 } },
        { code: '582', fundingSummary: { year: 2024, approved: 5_500_000_000, disbursed: 1_000_000_000, settled: 0, disbursementRate: 1 / 5.5, allocationCount: 2, syntheticAllocations: 2 } },
        { code: '58', fundingSummary: { year: 2024, approved: 6_500_000_000, disbursed: 1_980_000_000, settled: 500_000_000, disbursementRate: 1.98 / 6.5, allocationCount: 5, syntheticAllocations: 4 } },
      ],
    });
    const other = await subgraph.execute(summaries, { year: 2023, reps: [unit('Province', '58')] });
    expect(other.data).toEqual({
      _entities: [{ code: '58', fundingSummary: { year: 2023, approved: 50_000_000, disbursed: 40_000_000, settled: 40_000_000, disbursementRate: 0.8, allocationCount: 1, syntheticAllocations: 1 } }],
    });
  });

  it('answers 1 commune and every unit of every level, for two years, with the same single statement', async () => {
    subgraph.database.statements.reset();
    const one = await subgraph.execute(summaries, { year: 2024, reps: [unit('Commune', '22783')] });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const all = await subgraph.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Province { a: fundingSummary(year: 2023) { approved } b: fundingSummary(year: 2024) { approved } }
        ... on District { a: fundingSummary(year: 2023) { approved } b: fundingSummary(year: 2024) { approved } }
        ... on Commune { a: fundingSummary(year: 2023) { approved } b: fundingSummary(year: 2024) { approved disbursementRate } }
      } }`,
      { reps: [unit('Province', '58'), ...districts.map((d) => unit('District', d.code)), ...communes.map((c) => unit('Commune', c.code))] },
    );
    expect(all.errors).toBeUndefined();
    expect((all.data as { _entities: unknown[] })._entities).toHaveLength(1 + districts.length + 65);
    expect(forOne).toBe(1);
    expect(subgraph.database.statements.count).toBe(forOne);
  });

  it('resolves LivelihoodModel references with funding by source, the same statements for 1 model as for many', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel {
      id funding { approved disbursed settled bySource { source { code name kind } approved disbursed settled } }
    } } }`;
    subgraph.database.statements.reset();
    const one = await subgraph.execute(query, { reps: [{ __typename: 'LivelihoodModel', id: 'LM-22738-1' }] });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const many = await subgraph.execute(query, { reps: ['LM-22783-1', 'LM-22786-1', 'LM-99999-1'].map((id) => ({ __typename: 'LivelihoodModel', id })) });
    expect(many.errors).toBeUndefined();
    expect(forOne).toBe(2); // the funding, then the sources it names
    expect(subgraph.database.statements.count).toBe(forOne);

    const [phuocBinh, phuocChinh, unknown] = (many.data as { _entities: Record<string, unknown>[] })._entities;
    expect(phuocBinh).toEqual({
      id: 'LM-22783-1',
      funding: {
        approved: 750_000_000, disbursed: 690_000_000, settled: 540_000_000,
        bySource: [
          { source: { code: 'NTP-GN-P2', name: expect.stringContaining('giảm nghèo bền vững'), kind: 'NATIONAL_TARGET_PROGRAMME' }, approved: 600_000_000, disbursed: 550_000_000, settled: 500_000_000 },
          { source: { code: 'VNN', name: expect.any(String), kind: 'FOR_THE_POOR_FUND' }, approved: 100_000_000, disbursed: 100_000_000, settled: 0 },
          { source: { code: 'DOI-UNG', name: expect.any(String), kind: 'PEOPLE_CONTRIBUTION' }, approved: 50_000_000, disbursed: 40_000_000, settled: 40_000_000 },
        ],
      },
    });
    expect(phuocChinh).toMatchObject({ funding: { approved: 300_000_000, disbursed: 330_000_000, settled: 0, bySource: [{ source: { code: 'NTP-GN-P2' } }] } });
    expect(unknown).toEqual({ id: 'LM-99999-1', funding: { approved: 0, disbursed: 0, settled: 0, bySource: [] } });
  });

  it('lists the nine funding sources from the migration, national target programmes first, and resolves them as entities', async () => {
    const result = await subgraph.execute(`{
      fundingSources { code kind legalBasis }
      _entities(representations: [{ __typename: "FundingSource", code: "VNN" }, { __typename: "FundingSource", code: "NOPE" }]) { ... on FundingSource { code kind } }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data as { fundingSources: { code: string; kind: string; legalBasis: string | null }[]; _entities: unknown[] };
    expect(data.fundingSources.map((s) => s.code)).toEqual(['NTP-DTTS', 'NTP-GN-P2', 'NTP-NTM', 'VNN', 'NS-TINH', 'NS-HUYEN', 'XHH-DN', 'DOI-UNG', 'NHCSXH']);
    expect(data.fundingSources.find((s) => s.code === 'NTP-GN-P2')?.legalBasis).toContain('90/QĐ-TTg');
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

  it('refuses negative amounts, settlement beyond disbursement and unknown sources', async () => {
    const insert = (values: ReturnType<typeof sql>) =>
      subgraph.database.db.execute(sql`insert into finance.allocations (id, source_code, model_id, commune_code, year, approved, disbursed, settled) values ${values}`);
    await expect(insert(sql`('X1', 'VNN', null, '22783', 2024, -1, 0, 0)`)).rejects.toThrow();
    await expect(insert(sql`('X2', 'VNN', null, '22783', 2024, 10, 5, 6)`)).rejects.toThrow();
    await expect(insert(sql`('X3', 'NOPE', null, '22783', 2024, 10, 5, 5)`)).rejects.toThrow();
  });
});
