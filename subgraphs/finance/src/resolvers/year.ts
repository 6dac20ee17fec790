import { badUserInput } from '@ntg/subgraph-kit';

/** Years are calendar years in 2000..2100; anything else is the caller's mistake, reported on `field`. */
export function checkYear(year: number, field = 'year'): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw badUserInput(`${field} must be a calendar year between 2000 and 2100`, field);
  }
}
