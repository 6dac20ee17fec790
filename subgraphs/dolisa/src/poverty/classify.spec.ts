import { describe, expect, it } from 'vitest';
import { classify, standardFor, type PovertyStandard } from './classify';

// The Decree 07/2021 values, as the 0001 migration stores them.
const RURAL: PovertyStandard = { decree: '07/2021/NĐ-CP', fromYear: 2022, toYear: 2025, areaType: 'RURAL', incomeLine: 1_500_000, averageLivingCeiling: 2_250_000, minDeprivationsForPoor: 3 };
const URBAN: PovertyStandard = { ...RURAL, areaType: 'URBAN', incomeLine: 2_000_000, averageLivingCeiling: 3_000_000 };

describe('classify (Decree 07/2021)', () => {
  const cases: [PovertyStandard, number, number, string][] = [
    // rural income line 1,500,000
    [RURAL, 1_500_000, 3, 'POOR'],
    [RURAL, 1_500_000, 2, 'NEAR_POOR'],
    [RURAL, 1_500_000, 12, 'POOR'],
    [RURAL, 1_500_000, 0, 'NEAR_POOR'],
    [RURAL, 0, 3, 'POOR'],
    [RURAL, 1_500_001, 12, 'AVERAGE_LIVING'],
    [RURAL, 2_250_000, 0, 'AVERAGE_LIVING'],
    [RURAL, 2_250_001, 0, 'ABOVE_AVERAGE'],
    [RURAL, 2_250_001, 12, 'ABOVE_AVERAGE'],
    // urban income line 2,000,000: the same income is classed differently
    [URBAN, 1_500_000, 3, 'POOR'],
    [URBAN, 2_000_000, 3, 'POOR'],
    [URBAN, 2_000_000, 2, 'NEAR_POOR'],
    [URBAN, 2_000_001, 5, 'AVERAGE_LIVING'],
    [URBAN, 2_250_001, 0, 'AVERAGE_LIVING'],
    [URBAN, 3_000_000, 0, 'AVERAGE_LIVING'],
    [URBAN, 3_000_001, 0, 'ABOVE_AVERAGE'],
  ];
  it.each(cases)('%o income %d with %d deprivations is %s', (standard, income, deprivations, expected) => {
    expect(classify({ incomePerCapitaMonthly: income, deprivationCount: deprivations }, standard)).toBe(expected);
  });

  it('an income one dong above the rural line is poor in town and not in the countryside', () => {
    const facts = { incomePerCapitaMonthly: 1_500_001, deprivationCount: 4 };
    expect(classify(facts, RURAL)).toBe('AVERAGE_LIVING');
    expect(classify(facts, URBAN)).toBe('POOR');
  });
});

describe('standardFor', () => {
  const later: PovertyStandard = { ...RURAL, decree: 'later decree', fromYear: 2027, toYear: 2030, incomeLine: 2_200_000 };
  it('picks the standard in force for the year and area, none outside every span', () => {
    const all = [RURAL, URBAN, later];
    expect(standardFor(all, 2022, 'RURAL')).toBe(RURAL);
    expect(standardFor(all, 2025, 'URBAN')).toBe(URBAN);
    expect(standardFor(all, 2028, 'RURAL')).toBe(later);
    expect(standardFor(all, 2026, 'RURAL')).toBeUndefined();
    expect(standardFor(all, 2021, 'URBAN')).toBeUndefined();
  });
});

describe('the SQL classification the services use agrees with classify()', () => {
  it('at every threshold of both standards, and at random', async () => {
    const { openTestSubgraph } = await import('@ntg/subgraph-kit');
    const { dolisa } = await import('../index');
    const { sql } = await import('drizzle-orm');
    const subgraph = await openTestSubgraph(dolisa);
    try {
      const standards = await subgraph.database.rows<{ id: number; area_type: 'RURAL' | 'URBAN'; income_line: string; average_living_ceiling: string; min_deprivations_for_poor: number; decree: string; from_year: number; to_year: number }>(
        sql`select * from dolisa.poverty_standards`);
      const probes: [number, number, number, PovertyStandard][] = [];
      for (const s of standards) {
        const standard: PovertyStandard = { decree: s.decree, fromYear: s.from_year, toYear: s.to_year, areaType: s.area_type, incomeLine: Number(s.income_line), averageLivingCeiling: Number(s.average_living_ceiling), minDeprivationsForPoor: s.min_deprivations_for_poor };
        const incomes = [0, standard.incomeLine - 1, standard.incomeLine, standard.incomeLine + 1, standard.averageLivingCeiling - 1, standard.averageLivingCeiling, standard.averageLivingCeiling + 1, 10_000_000];
        for (let i = 0; i < 40; i++) incomes.push(Math.floor(Math.random() * 4_000_000));
        for (const income of incomes) for (const deprivations of [0, standard.minDeprivationsForPoor - 1, standard.minDeprivationsForPoor, 12]) probes.push([s.id, income, deprivations, standard]);
      }
      const values = sql.join(probes.map(([id, income, count]) => sql`(${id}::int, ${income}::bigint, ${count}::int)`), sql`, `);
      const rows = await subgraph.database.rows<{ classification: string }>(sql`select dolisa.classify_review(p.income, p.count, p.id) as classification from (values ${values}) as p(id, income, count)`);
      expect(rows.map((r) => r.classification)).toEqual(probes.map(([, income, count, standard]) => classify({ incomePerCapitaMonthly: income, deprivationCount: count }, standard)));
    } finally {
      await subgraph.close();
    }
  });
});
