import { describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { DateScalar, VndScalar, YearMonthScalar, isIsoDate } from './scalars';

describe('Vnd', () => {
  it('serialises Postgres bigint text and JS numbers as exact integers', () => {
    expect(VndScalar.serialize('404470000000')).toBe(404_470_000_000);
    expect(VndScalar.serialize(12n)).toBe(12);
    expect(VndScalar.serialize(-5)).toBe(-5);
  });
  it('rejects fractions, non-numbers and values beyond 2^53', () => {
    expect(() => VndScalar.parseValue(1.5)).toThrow(/whole number/);
    expect(() => VndScalar.parseValue('100')).toThrow(/JSON integer/);
    expect(() => VndScalar.parseValue(2 ** 53 + 2)).toThrow(/beyond/);
    expect(() => VndScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.0' })).toThrow();
    expect(VndScalar.parseLiteral({ kind: Kind.INT, value: '9007199254740991' })).toBe(9007199254740991);
  });
});

describe('Date and YearMonth', () => {
  it('accept real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-2-1')).toBe(false);
    expect(DateScalar.serialize(new Date('2023-03-21T00:00:00Z'))).toBe('2023-03-21');
    expect(() => DateScalar.parseValue('21/03/2023')).toThrow(/YYYY-MM-DD/);
  });
  it('accept months 01..12', () => {
    expect(YearMonthScalar.parseValue('2024-12')).toBe('2024-12');
    expect(() => YearMonthScalar.parseValue('2024-13')).toThrow();
  });
});
