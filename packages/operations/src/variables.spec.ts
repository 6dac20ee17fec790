import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { coerceVariables } from './variables';

const schema = buildSchema(`
  scalar Vnd
  scalar Date
  enum Status { ACTIVE ENDED }
  input Filter { status: Status districtCode: ID }
  type Query { x(code: ID, year: Int, rate: Float, flag: Boolean, codes: [ID!], years: [Int!], status: Status, filter: Filter, amount: Vnd, on: Date, name: String): Int }
`);

function operation(variables: string): OperationDefinitionNode {
  return parse(`query Q(${variables}) { x }`).definitions[0] as OperationDefinitionNode;
}

describe('variables from text', () => {
  it('take the operation\'s types: Int, Float, Boolean, ID, String, enums, custom scalars', () => {
    const op = operation('$code: ID!, $year: Int!, $rate: Float, $flag: Boolean, $status: Status, $amount: Vnd, $on: Date, $name: String');
    expect(coerceVariables(schema, op, { code: '22783', year: '2024', rate: '0.5', flag: 'TRUE', status: 'ACTIVE', amount: '1500000', on: '2024-06-30', name: 'Phước Bình' }))
      .toEqual({ code: '22783', year: 2024, rate: 0.5, flag: true, status: 'ACTIVE', amount: 1500000, on: '2024-06-30', name: 'Phước Bình' });
  });

  it('take lists as commas, repeated values or JSON, and input objects as JSON', () => {
    const op = operation('$codes: [ID!], $years: [Int!]!, $filter: Filter');
    expect(coerceVariables(schema, op, { codes: '22783,22786', years: ['2023', '2024'], filter: '{"status":"ENDED","districtCode":"584"}' }))
      .toEqual({ codes: ['22783', '22786'], years: [2023, 2024], filter: { status: 'ENDED', districtCode: '584' } });
    expect(coerceVariables(schema, op, { years: '[2022]' })).toEqual({ years: [2022] });
  });

  it('leave out variables not given, and refuse what the operation cannot take, naming the variable and its type', () => {
    const op = operation('$code: ID!, $year: Int! = 2024, $rate: Float, $status: Status, $years: [Int!], $filter: Filter');
    expect(coerceVariables(schema, op, { code: '1' })).toEqual({ code: '1' });
    expect(() => coerceVariables(schema, op, {})).toThrow('Variable $code of type ID! is required');
    expect(() => coerceVariables(schema, op, { code: '1', year: 'twenty' })).toThrow(/^Variable \$year of type Int!: Int cannot represent non-integer value: "twenty"/);
    expect(() => coerceVariables(schema, op, { code: '1', year: '2.5' })).toThrow(/\$year of type Int!: Int cannot represent non-integer value/);
    expect(() => coerceVariables(schema, op, { code: '1', rate: 'abc' })).toThrow(/\$rate of type Float: Float cannot represent/);
    expect(() => coerceVariables(schema, op, { code: '1', status: 'OPEN' })).toThrow(/\$status of type Status: Value "OPEN" does not exist in "Status" enum/);
    expect(() => coerceVariables(schema, op, { code: '1', years: '2023,x' })).toThrow(/\$years of type \[Int!\] at 1: Int cannot represent/);
    expect(() => coerceVariables(schema, op, { code: '1', filter: '{"colour":"red"}' })).toThrow(/\$filter of type Filter: Field "colour" is not defined by type "Filter"/);
    expect(() => coerceVariables(schema, op, { code: '1', filter: 'status=ENDED' })).toThrow(/\$filter of type Filter expects a JSON object/);
    expect(() => coerceVariables(schema, op, { code: ['1', '2'] })).toThrow('Variable $code of type ID! takes one value, got 2');
    expect(() => coerceVariables(schema, op, { code: '1', colour: 'red' })).toThrow('Unknown variable colour: Q takes $code: ID!, $year: Int!, $rate: Float, $status: Status, $years: [Int!], $filter: Filter');
  });
});
