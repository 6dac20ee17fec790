import {
  buildSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaFromSupergraph } from '@ntg/operations';
import { composeSupergraph } from './compose';

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) whose description is missing or says nothing. */
function undocumentedCoordinates(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    if (!description?.trim() || saysOnlyItsName(name, description)) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        if ('args' in field) for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
  }
  return missing;
}

/** "Code." for `code` or "The model" for `model`: the name repeated is not a description. */
function saysOnlyItsName(name: string, description: string): boolean {
  const words = (text: string) => text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
    .replace(/^(the|a|an) /, '');
  return words(description) === words(name);
}

/**
 * Every type, field, argument, input field and enum value of the API schema (what the explorer's docs show and
 * what clients introspect) carries a description written for the people who use the graph.
 */
describe('descriptions of the composed graph', () => {
  const { supergraphSdl, errors } = composeSupergraph();
  const schema = apiSchemaFromSupergraph(supergraphSdl ?? '');

  it('documents every type, field, argument and enum value', () => {
    expect(errors).toEqual([]);
    const undocumented = undocumentedCoordinates(schema);
    // Each coordinate named here needs a description in the SDL that declares it (see docs/GRAPH.md for the owner).
    expect(undocumented).toEqual([]);
  });

  it('finds what is missing, including a description that only repeats the name', () => {
    const sample = buildSchema(`
      "Entry points."
      type Query {
        "A commune by its GSO code."
        commune("5-digit GSO code." code: ID!, year: Int): Commune
      }
      "A commune-level unit (xã, phường, thị trấn)."
      type Commune {
        "The model."
        model: String
        kind: Kind
      }
      enum Kind { "xã" COMMUNE WARD }
    `);
    expect(undocumentedCoordinates(sample)).toEqual(['Query.commune(year:)', 'Commune.model', 'Commune.kind', 'Kind', 'Kind.WARD']);
    expect(saysOnlyItsName('entityKey', 'Entity key')).toBe(true);
    expect(saysOnlyItsName('code', '5-digit GSO code, e.g. "22783".')).toBe(false);
  });
});
