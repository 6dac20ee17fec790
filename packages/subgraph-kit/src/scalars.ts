import { GraphQLScalarType, isScalarType, Kind, type GraphQLSchema, type ValueNode } from 'graphql';
import { DomainError } from '@ntg/errors';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function invalid(message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message);
}

/** Postgres bigint arrives as a string or bigint; both become a safe JSON integer or an error, never a rounded value. */
function toVnd(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(`Vnd must be a whole number of đồng, got ${JSON.stringify(String(value))}`);
  if (Math.abs(n) > MAX_SAFE) throw invalid(`Vnd ${String(value)} is beyond ±2^53`);
  return n;
}

export const VndScalar = new GraphQLScalarType({
  name: 'Vnd',
  serialize: toVnd,
  parseValue: (value) => {
    if (typeof value !== 'number') throw invalid('Vnd must be a JSON integer');
    return toVnd(value);
  },
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.INT) throw invalid('Vnd must be an integer literal');
    return toVnd(ast.value);
  },
});

/** True for a real calendar date: 2023-02-30 is rejected. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw invalid(`Date must be an ISO calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: toDate,
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string YYYY-MM-DD');
    return toDate(ast.value);
  },
});

function toYearMonth(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
  throw invalid(`YearMonth must be YYYY-MM, got ${JSON.stringify(value)}`);
}

export const YearMonthScalar = new GraphQLScalarType({
  name: 'YearMonth',
  serialize: toYearMonth,
  parseValue: toYearMonth,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('YearMonth must be a string YYYY-MM');
    return toYearMonth(ast.value);
  },
});

export const scalarResolvers = { Vnd: VndScalar, Date: DateScalar, YearMonth: YearMonthScalar };

/**
 * Gives a schema's custom scalars (Vnd, Date, YearMonth) the graph's own parsing. The gateway's schema, built from
 * the supergraph, knows them only by name and would pass any value on; with this it refuses a wrong one itself,
 * as BAD_USER_INPUT naming the variable, before planning or calling any subgraph.
 */
export function installCustomScalars(schema: GraphQLSchema): void {
  for (const implementation of [VndScalar, DateScalar, YearMonthScalar]) {
    const type = schema.getType(implementation.name);
    if (!isScalarType(type)) continue;
    type.parseValue = implementation.parseValue;
    type.parseLiteral = implementation.parseLiteral;
  }
}
