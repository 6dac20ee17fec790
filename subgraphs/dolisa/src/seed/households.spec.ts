import { describe, expect, it } from 'vitest';
import { communes } from '@ntg/admin-units';
import { PROVINCE_CALIBRATION } from '@ntg/synthetic';
import { generatePopulation } from './households';
import { classify, type PovertyStandard } from '../poverty/classify';

const standards: PovertyStandard[] = [
  { decree: '07/2021/NĐ-CP', fromYear: 2022, toYear: 2025, areaType: 'RURAL', incomeLine: 1_500_000, averageLivingCeiling: 2_250_000, minDeprivationsForPoor: 3 },
  { decree: '07/2021/NĐ-CP', fromYear: 2022, toYear: 2025, areaType: 'URBAN', incomeLine: 2_000_000, averageLivingCeiling: 3_000_000, minDeprivationsForPoor: 3 },
];

describe('generatePopulation', () => {
  const population = generatePopulation({ seed: 2023, scale: 0.25, standards });
  const rate = (year: number, filter: (a: (typeof population.assessments)[number]) => boolean = () => true) => {
    const rows = population.assessments.filter((a) => a.year === year && filter(a));
    return rows.filter((a) => a.classification === 'POOR').length / rows.length;
  };

  it('is deterministic for a seed and scale', () => {
    const again = generatePopulation({ seed: 2023, scale: 0.25, standards });
    expect(again.households.slice(0, 50)).toEqual(population.households.slice(0, 50));
    expect(again.assessments.length).toBe(population.assessments.length);
  });

  it('scales to the province household count and covers all 65 communes every year', () => {
    const in2022 = population.assessments.filter((a) => a.year === 2022).length;
    expect(in2022 / 0.25).toBeGreaterThan(PROVINCE_CALIBRATION.households[2022] * 0.98);
    expect(in2022 / 0.25).toBeLessThan(PROVINCE_CALIBRATION.households[2022] * 1.02);
    for (const year of [2022, 2023, 2024]) {
      expect(new Set(population.assessments.filter((a) => a.year === year).map((a) => a.communeCode)).size).toBe(communes.length);
    }
  });

  it('lands near the published poor-household rates, with Bác Ái far higher and minorities over-represented', () => {
    expect(rate(2022)).toBeCloseTo(PROVINCE_CALIBRATION.poorRate[2022], 2);
    expect(rate(2023)).toBeCloseTo(PROVINCE_CALIBRATION.poorRate[2023], 2);
    expect(rate(2024)).toBeCloseTo(PROVINCE_CALIBRATION.poorRate[2024], 2);
    const bacAi = new Set(communes.filter((c) => c.districtCode === '584').map((c) => c.code));
    expect(rate(2023, (a) => bacAi.has(a.communeCode))).toBeGreaterThan(4 * rate(2023));
    const poor2023 = population.assessments.filter((a) => a.year === 2023 && a.classification === 'POOR');
    const minorityShare = poor2023.filter((a) => a.minority).length / poor2023.length;
    expect(minorityShare).toBeGreaterThan(0.55);
    expect(minorityShare).toBeLessThan(0.8);
  });

  it('only produces assessments the Decree 07 classifier agrees with, and names marked synthetic', () => {
    for (const a of population.assessments.slice(0, 5000)) {
      const standard = standards.find((s) => s.areaType === a.areaType)!;
      expect(classify({ incomePerCapitaMonthly: a.incomePerCapitaMonthly, deprivationCount: a.deprivations.length }, standard)).toBe(a.classification);
    }
    expect(population.households.every((h) => h.headName.endsWith('(synthetic)'))).toBe(true);
  });

  it('has households that moved, dissolved or split off, each counted only where and while it existed', () => {
    const moved = population.households.filter((h) => h.moves.length > 1);
    const dissolved = population.households.filter((h) => h.dissolvedOn !== null);
    expect(moved.length).toBeGreaterThan(0);
    expect(dissolved.length).toBeGreaterThan(0);
    const h = moved[0]!;
    const years = population.assessments.filter((a) => a.householdId === h.id);
    expect(years.at(-1)!.communeCode).toBe(h.communeCode);
    const dissolvedYear = new Map(dissolved.map((d) => [d.id, Number(d.dissolvedOn!.slice(0, 4))]));
    const afterDissolution = population.assessments.filter((a) => a.year >= (dissolvedYear.get(a.householdId) ?? Infinity));
    expect(afterDissolution).toEqual([]);
  });
});
