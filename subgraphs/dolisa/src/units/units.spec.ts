import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

describe('DOLISA poverty statistics', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    // A hand-made fixture: 4 households in Phước Bình (rural, Bác Ái), 2 in Đô Vinh (urban ward).
    await subgraph.database.db.execute(sql`
      insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic) values
        ('H1', '22783', 4, '21', 'A (synthetic)', '2020-01-01', true), ('H2', '22783', 3, '21', 'B (synthetic)', '2020-01-01', true),
        ('H3', '22783', 5, '01', 'C (synthetic)', '2020-01-01', true), ('H4', '22783', 2, '21', 'D (synthetic)', '2020-01-01', true),
        ('H5', '22738', 3, '01', 'E (synthetic)', '2020-01-01', true), ('H6', '22738', 3, '01', 'F (synthetic)', '2020-01-01', true)`);
    await subgraph.database.db.execute(sql`
      insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, member_count, income_per_capita_monthly, deprivations, classification, standard_id, assessed_on, synthetic) values
        ('H1', 2022, '22783', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2022-10-01', true),
        ('H2', 2022, '22783', 'RURAL', true, 3, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2022-10-01', true),
        ('H3', 2022, '22783', 'RURAL', false, 5, 1400000, '{}', 'NEAR_POOR', 1, '2022-10-01', true),
        ('H4', 2022, '22783', 'RURAL', true, 2, 3000000, '{}', 'ABOVE_AVERAGE', 1, '2022-10-01', true),
        ('H5', 2022, '22738', 'URBAN', false, 3, 1900000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 2, '2022-10-01', true),
        ('H6', 2022, '22738', 'URBAN', false, 3, 5000000, '{}', 'ABOVE_AVERAGE', 2, '2022-10-01', true),
        ('H1', 2023, '22783', 'RURAL', true, 4, 1000000, '{EMPLOYMENT,NUTRITION,HOUSING_AREA}', 'POOR', 1, '2023-10-01', true),
        ('H2', 2023, '22783', 'RURAL', true, 3, 1600000, '{}', 'AVERAGE_LIVING', 1, '2023-10-01', true),
        ('H3', 2023, '22783', 'RURAL', false, 5, 1600000, '{}', 'AVERAGE_LIVING', 1, '2023-10-01', true),
        ('H4', 2023, '22783', 'RURAL', true, 2, 3000000, '{}', 'ABOVE_AVERAGE', 1, '2023-10-01', true),
        ('H5', 2023, '22738', 'URBAN', false, 3, 2500000, '{}', 'AVERAGE_LIVING', 2, '2023-10-01', true)`);
    // H6 dissolved before the 2023 review: it counts in 2022 only.
  });
  afterAll(() => subgraph?.close());

  it('computes counts, rates and the change in percentage points per unit and level', async () => {
    const result = await subgraph.execute(`{
      commune(code: "22783") { povertyStats(year: 2023) { households poor nearPoor poorRate poorRateChangePp minorityHouseholds minorityPoor syntheticHouseholds } }
      district(code: "584") { povertyStats(year: 2022) { households poor poorRate poorRateChangePp } }
      province { povertyStats(year: 2022) { households poor nearPoor poorRate nearPoorRate } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      commune: { povertyStats: { households: 4, poor: 1, nearPoor: 0, poorRate: 0.25, poorRateChangePp: -25, minorityHouseholds: 3, minorityPoor: 1, syntheticHouseholds: 4 } },
      district: { povertyStats: { households: 4, poor: 2, poorRate: 0.5, poorRateChangePp: null } },
      province: { povertyStats: { households: 6, poor: 3, nearPoor: 1, poorRate: 0.5, nearPoorRate: 1 / 6 } },
    });
  });

  it('filters by area type and minority, and gives a trend year by year', async () => {
    const result = await subgraph.execute(`{
      province {
        urban: povertyStats(year: 2022, areaType: URBAN) { households poor }
        minority: povertyStats(year: 2022, minority: true) { households poor }
        povertyTrend(from: 2021, to: 2023) { year households poor poorRate poorRateChangePp }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      province: {
        urban: { households: 2, poor: 1 },
        minority: { households: 3, poor: 2 },
        povertyTrend: [
          { year: 2021, households: 0, poor: 0, poorRate: null, poorRateChangePp: null },
          { year: 2022, households: 6, poor: 3, poorRate: 0.5, poorRateChangePp: null },
          { year: 2023, households: 5, poor: 1, poorRate: 0.2, poorRateChangePp: -30 },
        ],
      },
    });
  });

  it('answers every unit of every level in one SQL statement', async () => {
    subgraph.database.statements.reset();
    const result = await subgraph.execute(`{ province { povertyStats(year: 2023) { poor } districts { povertyStats(year: 2023) { poor } communes { povertyStats(year: 2023) { poor households } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(subgraph.database.statements.count).toBe(1);
  });

  it('rejects malformed codes and impossible ranges, and reports unknown codes as NOT_FOUND', async () => {
    const result = await subgraph.execute(`{
      bad: commune(code: "12") { name }
      unknown: commune(code: "99999") { name }
      province { povertyTrend(from: 2024, to: 2022) { year } }
    }`);
    const codes = Object.fromEntries((result.errors ?? []).map((e) => [String(e.path?.[0]), e.extensions]));
    expect(codes.bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(codes.unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect(codes.province).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});
