import { check, checkNotFuture, MIN_YEAR } from '@ntg/subgraph-kit';

/** Largest single amount the Front records: 100 billion VND (a province's whole campaign is a few billion). */
export const MAX_AMOUNT = 100_000_000_000;

/** A day something happened: a real date, not in the future, not before the years the graph answers for. */
export function checkDay(date: string, today: string, field: string): void {
  checkNotFuture(date, today, field);
  check(date >= `${MIN_YEAR}-01-01`, `${field} must not be before ${MIN_YEAR}`, field);
}

/** A whole, positive amount of VND up to MAX_AMOUNT. */
export function checkAmount(amount: number, field: string): void {
  check(Number.isSafeInteger(amount) && amount >= 1 && amount <= MAX_AMOUNT, `${field} must be between 1 and ${MAX_AMOUNT.toLocaleString('en')} VND`, field);
}
