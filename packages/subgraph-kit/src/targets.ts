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
  /**
   * For targets measured on a population whose outcome is only partly known yet (T2): the share of those
   * measured whose outcome is known. Below 1 the target cannot be MET (targetStatus). Absent: not applicable.
   */
  coverage?: number | null;
  /** T2: participants who were neither poor nor near-poor at joining (reported apart, never counted as escaped). */
  notPoorAtJoining?: number | null;
  /** T2: participants poor or near-poor at joining whose outcome is not known yet (not reviewed since the model ended). */
  unreviewed?: number | null;
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
 *
 * With `coverage` (the share of the measured population whose outcome is known) below 1, the figure does not
 * speak for everyone: the target cannot be MET. After the year it is MISSED (or NO_DATA without any figure);
 * during it, ON_TRACK or AT_RISK by the figure so far.
 */
export function targetStatus(
  target: TargetBounds, actual: number | null, yearClosed: boolean,
  { exclusive = false, coverage = null }: { exclusive?: boolean; coverage?: number | null } = {},
): TargetStatus {
  if (actual === null) return 'NO_DATA';
  const tolerance = exclusive ? -EPSILON : EPSILON;
  const reached = target.measure === 'PP'
    ? target.max === null || actual <= target.max + tolerance
    : target.min === null || actual >= target.min - tolerance;
  const complete = coverage === null || coverage >= 1 - EPSILON;
  if (yearClosed) return reached && complete ? 'MET' : 'MISSED';
  return reached ? 'ON_TRACK' : 'AT_RISK';
}

/** Whether `year` is over on `asOf` (YYYY-MM-DD), and the last day of the year that counts so far. */
export function yearProgress(year: number, asOf: string): { yearClosed: boolean; until: string } {
  const yearEnd = `${year}-12-31`;
  return { yearClosed: asOf > yearEnd, until: asOf < yearEnd ? asOf : yearEnd };
}
