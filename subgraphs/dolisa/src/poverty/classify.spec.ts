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
