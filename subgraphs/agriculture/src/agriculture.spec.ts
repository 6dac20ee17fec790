import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { agriculture } from './index';

const SUMMARY = `{ year supportEvents householdsReached syntheticEvents byKind { kind events householdsReached } }`;
const communeSummaries = `query ($reps: [_Any!]!, $year: Int!) { _entities(representations: $reps) { ... on Commune { code agricultureSupport(year: $year) ${SUMMARY} } } }`;
const reps = (codes: readonly string[]) => codes.map((code) => ({ __typename: 'Commune', code }));

describe('Agriculture technical support', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture);
    // A hand-made fixture: Phước Bình (22783, Bác Ái) and Đô Vinh (22738, Phan Rang-Tháp Chàm).
    await subgraph.database.db.execute(sql`
      insert into agriculture.technical_supports (id, model_id, commune_code, kind, support_date, provider, households_reached, synthetic) values
        ('TS-A1', 'LM-22783-1', '22783', 'TRAINING', '2024-03-05', 'Trung tâm Khuyến nông tỉnh', 20, true),
        ('TS-A2', 'LM-22783-1', '22783', 'SEED_BREED_SUPPLY', '2024-04-10', 'Trung tâm Giống nông nghiệp tỉnh', 15, true),
        ('TS-A3', 'LM-22783-1', '22783', 'TRAINING', '2024-09-01', 'Trạm Khuyến nông Bác Ái', 12, true),
        ('TS-A4', 'LM-22783-1', '22783', 'VETERINARY_SERVICE', '2023-11-20', 'Trạm Chăn nuôi và Thú y Bác Ái', 18, true),
        ('TS-B0', 'LM-22738-1', '22738', 'TRAINING', '2023-12-31', 'Trung tâm Khuyến nông tỉnh', 25, true),
        ('TS-B1', 'LM-22738-1', '22738', 'EXTENSION_VISIT', '2024-06-15', 'Trạm Khuyến nông Phan Rang-Tháp Chàm', 30, false),
        ('TS-B2', 'LM-22738-1', '22738', 'TECHNOLOGY_TRANSFER', '2024-12-31', 'Viện nghiên cứu (synthetic)', 8, true)`);
    await subgraph.database.db.execute(sql`
      insert into agriculture.partners (id, name, kind, synthetic) values
        ('PT-1', 'HTX Demo (synthetic)', 'COOPERATIVE', true), ('PT-2', 'Công ty Demo (synthetic)', 'ENTERPRISE', true)`);
    await subgraph.database.db.execute(sql`
      insert into agriculture.offtake_agreements (id, model_id, commune_code, partner_id, product, volume, unit, price_per_unit, period_start, period_end, status, synthetic) values
        ('OA-2', 'LM-22783-1', '22783', 'PT-2', 'Bò thịt hơi', 4500.5, 'kg', 92000, '2024-06-01', '2025-05-31', 'ACTIVE', true),
        ('OA-1', 'LM-22783-1', '22783', 'PT-1', 'Bò thịt hơi', 3000, 'kg', 88000, '2023-12-01', '2024-05-31', 'COMPLETED', true),
        ('OA-3', 'LM-22738-1', '22738', 'PT-1', 'Nho tươi', 12000, 'kg', 30000, '2024-08-01', '2025-01-31', 'SIGNED', true)`);
  });
  afterAll(() => subgraph?.close());

  it('summarises a commune-year by kind, with zeros for a commune without support', async () => {
    const result = await subgraph.execute(communeSummaries, { reps: reps(['22783', '22738', '22786']), year: 2024 });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        {
          code: '22783',
          agricultureSupport: {
            year: 2024, supportEvents: 3, householdsReached: 47, syntheticEvents: 3,
            byKind: [{ kind: 'TRAINING', events: 2, householdsReached: 32 }, { kind: 'SEED_BREED_SUPPLY', events: 1, householdsReached: 15 }],
          },
        },
        {
          code: '22738',
          agricultureSupport: {
            year: 2024, supportEvents: 2, householdsReached: 38, syntheticEvents: 1,
            byKind: [{ kind: 'TECHNOLOGY_TRANSFER', events: 1, householdsReached: 8 }, { kind: 'EXTENSION_VISIT', events: 1, householdsReached: 30 }],
          },
        },
        { code: '22786', agricultureSupport: { year: 2024, supportEvents: 0, householdsReached: 0, syntheticEvents: 0, byKind: [] } },
      ],
    });
  });

  it('counts an event in the calendar year of its date', async () => {
    const result = await subgraph.execute(`{ _entities(representations: [{ __typename: "Commune", code: "22738" }, { __typename: "Commune", code: "22783" }]) {
      ... on Commune { y2023: agricultureSupport(year: 2023) { supportEvents householdsReached byKind { kind events } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { y2023: { supportEvents: 1, householdsReached: 25, byKind: [{ kind: 'TRAINING', events: 1 }] } },
        { y2023: { supportEvents: 1, householdsReached: 18, byKind: [{ kind: 'VETERINARY_SERVICE', events: 1 }] } },
      ],
    });
  });

  it('answers 1 commune and all 65 communes, several years at once, with the same single statement', async () => {
    subgraph.database.statements.reset();
    const one = await subgraph.execute(communeSummaries, { reps: reps(['22783']), year: 2024 });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const all = await subgraph.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Commune { a: agricultureSupport(year: 2023) { supportEvents } b: agricultureSupport(year: 2024) { supportEvents byKind { kind } } } } }`,
      { reps: reps(communes.map((c) => c.code)) },
    );
    expect(all.errors).toBeUndefined();
    expect((all.data as { _entities: unknown[] })._entities).toHaveLength(65);
    expect(forOne).toBe(1);
    expect(subgraph.database.statements.count).toBe(forOne);
  });

  it('resolves LivelihoodModel references with their support events and offtake agreements, in one statement per field', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel {
      id
      technicalSupports { id kind date provider householdsReached synthetic }
      offtakeAgreements { id product volume unit pricePerUnit period { start end } status synthetic partner { id name kind } }
    } } }`;
    subgraph.database.statements.reset();
    const one = await subgraph.execute(query, { reps: [{ __typename: 'LivelihoodModel', id: 'LM-22738-1' }] });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const many = await subgraph.execute(query, {
      reps: ['LM-22783-1', 'LM-22738-1', 'LM-99999-1'].map((id) => ({ __typename: 'LivelihoodModel', id })),
    });
    expect(many.errors).toBeUndefined();
    expect(forOne).toBe(3); // supports, agreements, partners
    expect(subgraph.database.statements.count).toBe(forOne);

    const [phuocBinh, doVinh, unknown] = (many.data as { _entities: Record<string, unknown>[] })._entities;
    expect(phuocBinh).toMatchObject({
      id: 'LM-22783-1',
      technicalSupports: [
        { id: 'TS-A4', kind: 'VETERINARY_SERVICE', date: '2023-11-20', householdsReached: 18, synthetic: true },
        { id: 'TS-A1', kind: 'TRAINING', date: '2024-03-05', provider: 'Trung tâm Khuyến nông tỉnh', householdsReached: 20 },
        { id: 'TS-A2', kind: 'SEED_BREED_SUPPLY', date: '2024-04-10' },
        { id: 'TS-A3', kind: 'TRAINING', date: '2024-09-01' },
      ],
      offtakeAgreements: [
        { id: 'OA-1', product: 'Bò thịt hơi', volume: 3000, unit: 'kg', pricePerUnit: 88000, period: { start: '2023-12-01', end: '2024-05-31' }, status: 'COMPLETED', partner: { id: 'PT-1', kind: 'COOPERATIVE' } },
        { id: 'OA-2', volume: 4500.5, pricePerUnit: 92000, status: 'ACTIVE', partner: { id: 'PT-2', name: 'Công ty Demo (synthetic)', kind: 'ENTERPRISE' } },
      ],
    });
    expect(doVinh).toMatchObject({
      id: 'LM-22738-1',
      technicalSupports: [{ id: 'TS-B0' }, { id: 'TS-B1', synthetic: false }, { id: 'TS-B2', kind: 'TECHNOLOGY_TRANSFER' }],
      offtakeAgreements: [{ id: 'OA-3', status: 'SIGNED', partner: { id: 'PT-1' } }],
    });
    expect(unknown).toEqual({ id: 'LM-99999-1', technicalSupports: [], offtakeAgreements: [] });
  });

  it('resolves Partner references, null for an unknown id', async () => {
    const result = await subgraph.execute(`{ _entities(representations: [{ __typename: "Partner", id: "PT-1" }, { __typename: "Partner", id: "PT-X" }]) { ... on Partner { id name kind synthetic } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ id: 'PT-1', name: 'HTX Demo (synthetic)', kind: 'COOPERATIVE', synthetic: true }, null] });
  });

  it('rejects a year outside 2000..2100 as BAD_USER_INPUT on field year', async () => {
    const result = await subgraph.execute(`{ _entities(representations: [{ __typename: "Commune", code: "22783" }]) { ... on Commune { agricultureSupport(year: 1999) { supportEvents } } } }`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.path).toEqual(['_entities', 0, 'agricultureSupport']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });

  it('refuses rows the schema forbids', async () => {
    await expect(subgraph.database.db.execute(sql`
      insert into agriculture.technical_supports (id, model_id, commune_code, kind, support_date, provider, households_reached)
      values ('TS-BAD', 'LM-22783-1', '22783', 'FERTILISER', '2024-01-01', 'x', 1)`)).rejects.toThrow();
    await expect(subgraph.database.db.execute(sql`
      insert into agriculture.offtake_agreements (id, model_id, commune_code, partner_id, product, volume, unit, price_per_unit, period_start, period_end, status)
      values ('OA-BAD', 'LM-22783-1', '22783', 'PT-1', 'x', 1, 'kg', 1, '2024-02-01', '2024-01-01', 'ACTIVE')`)).rejects.toThrow();
  });
});
