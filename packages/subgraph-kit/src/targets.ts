/** Where a target stands; the SDL's TargetStatus (shared.graphql). */
export type TargetStatus = 'MET' | 'ON_TRACK' | 'AT_RISK' | 'MISSED' | 'NO_DATA';

/** FRACTION: a share in [0,1], met at or above min. PP: a change in percentage points, met at or below max. */
export type TargetMeasure = 'FRACTION' | 'PP';

export interface TargetBounds {
  measure: string;
  min: number | null;
  max: number | null;
}

/** The numbers a department measured for a target. */
export interface Measured {
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  basis: string | null;
}

export const NO_DATA: Measured = { actual: null, numerator: null, denominator: null, basis: null };

/** The SDL's TargetResult. */
export interface TargetResult extends Measured {
  id: string;
  metric: string;
  scope: string;
  description: string;
  measure: string;
  target: { min: number | null; max: number | null };
  status: TargetStatus;
}

const EPSILON = 1e-9;

/**
 * A share target (FRACTION) is reached at or above its minimum; a rate-change target (PP) is reached at or below
 * its maximum, since a larger fall than planned also meets it. When `exclusive`, the bound itself does not count
 * ("more than 3 pp": exactly -3.0 does not meet it). After the year the answer is MET or MISSED; during it,
 * ON_TRACK or AT_RISK.
 */
export function targetStatus(target: TargetBounds, actual: number | null, yearClosed: boolean, { exclusive = false } = {}): TargetStatus {
  if (actual === null) return 'NO_DATA';
  const tolerance = exclusive ? -EPSILON : EPSILON;
  const reached = target.measure === 'PP'
    ? target.max === null || actual <= target.max + tolerance
    : target.min === null || actual >= target.min - tolerance;
  if (yearClosed) return reached ? 'MET' : 'MISSED';
  return reached ? 'ON_TRACK' : 'AT_RISK';
}

/** Whether `year` is over on `asOf` (YYYY-MM-DD), and the last day of the year that counts so far. */
export function yearProgress(year: number, asOf: string): { yearClosed: boolean; until: string } {
  const yearEnd = `${year}-12-31`;
  return { yearClosed: asOf > yearEnd, until: asOf < yearEnd ? asOf : yearEnd };
}
