import { badUserInput, check } from '@ntg/errors';
import { isIsoDate } from './scalars';

export { check };

/** Years the graph accepts anywhere: calendar years 2000..2100; anything else is the caller's mistake. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export function checkYear(year: number, field = 'year'): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(`${field} must be a calendar year between ${MIN_YEAR} and ${MAX_YEAR}`, field);
  }
}

/** Free text: required unless told otherwise, not blank, at most `max` characters. */
export function checkText(value: string | null | undefined, field: string, { max = 200, required = true } = {}): void {
  if (value == null) {
    check(!required, `${field} is required`, field);
    return;
  }
  check(value.trim().length > 0, `${field} must not be blank`, field);
  check(value.length <= max, `${field} is longer than ${max} characters`, field);
}

/** A real calendar date no later than `today` (the province's calendar: todayInVietnam()). */
export function checkNotFuture(date: string, today: string, field: string): void {
  check(isIsoDate(date), `${field} must be a date YYYY-MM-DD`, field);
  check(date <= today, `${field} cannot be in the future`, field);
}
