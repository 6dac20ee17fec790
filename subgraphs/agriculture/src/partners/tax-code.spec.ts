import { describe, expect, it } from 'vitest';
import { DomainError } from '@ntg/subgraph-kit';
import { normaliseTaxCode } from './tax-code';

function refusal(value: string): string {
  try {
    normaliseTaxCode(value, 'input.taxCode');
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('input.taxCode');
    return (error as DomainError).message;
  }
  throw new Error(`accepted ${value}`);
}

describe('normaliseTaxCode', () => {
  it('accepts 10 digits, and a branch code written with or without its hyphen, storing one form', () => {
    expect(normaliseTaxCode('4500123456', 'f')).toBe('4500123456');
    expect(normaliseTaxCode(' 4500123456 ', 'f')).toBe('4500123456');
    expect(normaliseTaxCode('4500123456-001', 'f')).toBe('4500123456-001');
    expect(normaliseTaxCode('4500123456001', 'f')).toBe('4500123456-001');
  });

  it('says what is wrong', () => {
    expect(refusal('45001234')).toMatch(/has 8 digits; a tax code has 10, or 13/);
    expect(refusal('45001234567')).toMatch(/has 11 digits/);
    expect(refusal('45001A3456')).toMatch(/position 6: "A" is not a digit/);
    expect(refusal('4500 123456')).toMatch(/position 5: " " is not a digit/);
    expect(refusal('45001-23456')).toMatch(/position 6: a hyphen belongs only after the first 10 digits/);
    expect(refusal('4500123456-01')).toMatch(/2 digit\(s\) after the hyphen; a branch code has 3/);
    expect(refusal('4500123456-0012')).toMatch(/4 digit\(s\) after the hyphen/);
    expect(refusal('4500123456-000')).toMatch(/branch number 000/);
    expect(refusal('')).toMatch(/required/);
  });
});
