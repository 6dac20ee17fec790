import { isMinorityGroup } from '@ntg/ethnic-groups';
import type { PovertyClass } from '../generated/types';

/** DOLISA's households reviewed in a year in a unit, by head's ethnic group and class (`countsByEthnicGroup`). */
export interface EthnicGroupCount {
  year: number;
  ethnicGroupCode: string;
  classification: PovertyClass;
  households: number;
}

/** The SDL's MinorityIndicators. */
export interface MinorityIndicators {
  year: number;
  minorityHouseholds: number;
  minorityPoor: number;
  minorityPoorRate: number | null;
  minorityPoorRateChangePp: number | null;
  minorityShareOfPoor: number | null;
  allHouseholds: number;
  allPoor: number;
}

interface YearTotals {
  allHouseholds: number;
  allPoor: number;
  minorityHouseholds: number;
  minorityPoor: number;
}

/**
 * A change of rate in percentage points, rounded to 4 decimals exactly as DOLISA's SQL does it
 * (`round(((a - b) * 100)::numeric, 4)::float8`): the double goes to numeric through its 15 significant digits,
 * then rounds half away from zero. Rounding the binary value instead (toFixed) differs on ties such as 1.00005.
 */
export function roundPp(value: number): number {
  const [mantissa, exponentText] = value.toExponential(14).split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  // digits × 10^(exponent - 14) as an exact decimal, scaled to units of 10^-4 (possibly fractional).
  const shift = exponent - 14 + 4;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits) / divisor;
    const remainder = BigInt(digits) % divisor;
    scaled = remainder * 2n >= divisor ? whole + 1n : whole;
  }
  const result = Number(scaled) / 10_000;
  return negative ? -result : result;
}

function totalsByYear(counts: readonly EthnicGroupCount[], isMinority: (code: string) => boolean): Map<number, YearTotals> {
  const years = new Map<number, YearTotals>();
  for (const count of counts) {
    let totals = years.get(count.year);
    if (!totals) years.set(count.year, (totals = { allHouseholds: 0, allPoor: 0, minorityHouseholds: 0, minorityPoor: 0 }));
    const poor = count.classification === 'POOR';
    totals.allHouseholds += count.households;
    if (poor) totals.allPoor += count.households;
    if (isMinority(count.ethnicGroupCode)) {
      totals.minorityHouseholds += count.households;
      if (poor) totals.minorityPoor += count.households;
    }
  }
  return years;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function indicatorsOf(year: number, years: Map<number, YearTotals>): MinorityIndicators {
  const now = years.get(year) ?? { allHouseholds: 0, allPoor: 0, minorityHouseholds: 0, minorityPoor: 0 };
  const before = years.get(year - 1);
  const minorityPoorRate = rate(now.minorityPoor, now.minorityHouseholds);
  const previousRate = before ? rate(before.minorityPoor, before.minorityHouseholds) : null;
  return {
    year,
    ...now,
    minorityPoorRate,
    minorityPoorRateChangePp: minorityPoorRate !== null && previousRate !== null ? roundPp((minorityPoorRate - previousRate) * 100) : null,
    minorityShareOfPoor: rate(now.minorityPoor, now.allPoor),
  };
}

/**
 * The minority indicators of one unit for `year`, from its counts per year, ethnic group and class. Minorities are
 * the Ethnic Committee's list (`isMinorityGroup` of @ntg/ethnic-groups, the list the ethnic_groups table holds).
 */
export function minorityIndicators(counts: readonly EthnicGroupCount[], year: number, isMinority: (code: string) => boolean = isMinorityGroup): MinorityIndicators {
  return indicatorsOf(year, totalsByYear(counts, isMinority));
}

/** The indicators of every year the counts hold, oldest first. */
export function minorityIndicatorsByYear(counts: readonly EthnicGroupCount[], isMinority: (code: string) => boolean = isMinorityGroup): MinorityIndicators[] {
  const years = totalsByYear(counts, isMinority);
  return [...years.keys()].sort((a, b) => a - b).map((year) => indicatorsOf(year, years));
}
