import { Deprivation, type AreaType, type PovertyClass } from '../generated/types';

export type { PovertyClass };

/** The 12 indicators of the 6 dimensions of Decree 07/2021/NĐ-CP, as the SDL's Deprivation enum lists them. */
export const DEPRIVATIONS: readonly Deprivation[] = Object.values(Deprivation);

/** One row of dated poverty-standard data: a decree's thresholds for one area type over a span of years. */
export interface PovertyStandard {
  readonly decree: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly areaType: AreaType;
  /** Monthly income per person at or below which a household is poor or near-poor (VND). */
  readonly incomeLine: number;
  /** Upper bound of the average-living band (VND). */
  readonly averageLivingCeiling: number;
  /** Deprivations at or above which an income-poor household is poor rather than near-poor. */
  readonly minDeprivationsForPoor: number;
}

export interface AssessmentFacts {
  readonly incomePerCapitaMonthly: number;
  readonly deprivationCount: number;
}

/** Decree 07/2021 classification: pure, so every boundary is tested without a database. */
export function classify(facts: AssessmentFacts, standard: PovertyStandard): PovertyClass {
  if (facts.incomePerCapitaMonthly <= standard.incomeLine) {
    return facts.deprivationCount >= standard.minDeprivationsForPoor ? 'POOR' : 'NEAR_POOR';
  }
  return facts.incomePerCapitaMonthly <= standard.averageLivingCeiling ? 'AVERAGE_LIVING' : 'ABOVE_AVERAGE';
}

/** The standard in force for a year and area, or undefined when no decree covers that year. */
export function standardFor<S extends PovertyStandard>(standards: readonly S[], year: number, areaType: AreaType): S | undefined {
  return standards.find((s) => s.areaType === areaType && s.fromYear <= year && year <= s.toYear);
}
