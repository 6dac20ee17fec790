import { badUserInput } from '@ntg/subgraph-kit';

/**
 * A Vietnamese tax code (mã số thuế): 10 digits for an organisation, or those 10 digits, a hyphen and 3 more for
 * one of its branches (dependent units). Both written forms of a branch code are accepted, "0101234567-001" and
 * "0101234567001"; the hyphenated one is stored. The message says what is wrong rather than only that it is.
 */
export function normaliseTaxCode(value: string, field: string): string {
  const written = value.trim();
  if (written.length === 0) throw badUserInput('taxCode is required: 10 digits, or 13 for a branch', field);
  const stray = [...written].findIndex((c, i) => !/[0-9]/.test(c) && !(c === '-' && i === 10));
  if (stray >= 0) {
    const c = written[stray]!;
    const what = c === '-' ? 'a hyphen belongs only after the first 10 digits (0101234567-001)' : `"${c}" is not a digit`;
    throw badUserInput(`taxCode "${written}" has a wrong character at position ${stray + 1}: ${what}`, field);
  }
  const digits = written.replace('-', '');
  if (written.includes('-') && digits.length !== 13) {
    throw badUserInput(`taxCode "${written}" has ${digits.length - 10} digit(s) after the hyphen; a branch code has 3 (0101234567-001)`, field);
  }
  if (digits.length !== 10 && digits.length !== 13) {
    throw badUserInput(`taxCode "${written}" has ${digits.length} digits; a tax code has 10, or 13 for a branch (0101234567-001)`, field);
  }
  if (digits.length === 13 && digits.endsWith('000')) {
    throw badUserInput(`taxCode "${written}" ends in branch number 000; branch numbers run from 001 (or give the 10-digit code)`, field);
  }
  return digits.length === 10 ? digits : `${digits.slice(0, 10)}-${digits.slice(10)}`;
}
