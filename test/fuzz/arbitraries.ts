import fc from 'fast-check';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType, isInterfaceType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { DEPARTMENTS, ROLES, type TokenClaims } from '@ntg/subgraph-kit';

/**
 * Property-based inputs for every mutation and every argument of the supergraph: values that are right, values at
 * the boundaries, and values that are wrong in every way a client can make them wrong (other JSON types, nulls,
 * unknown keys, Unicode, huge strings and lists). Real ids of the seeded graph are mixed in, so checks deep inside
 * the services are reached too.
 */

export interface FuzzCase {
  /** "Mutation.recordAssessment" or "Commune.povertyStats". */
  coordinate: string;
  query: string;
  variables: Record<string, unknown>;
  caller: TokenClaims;
  isMutation: boolean;
}

/** Ids known to exist in the seeded graph, by the name of the argument or input field that takes them. */
export type KnownIds = Readonly<Record<string, readonly string[]>>;

const AREAS = ['58', '584', '582', '22783', '22738'] as const;

export const callerArbitrary: fc.Arbitrary<TokenClaims> = fc.record({
  department: fc.constantFrom(...DEPARTMENTS),
  role: fc.constantFrom(...ROLES),
  area: fc.constantFrom(...AREAS),
}).map((c) => ({ ...c, subject: `fuzz-${c.department.toLowerCase()}-${c.role}-${c.area}` }));

/** JSON of any shape: what a careless client or an attacker may send in place of anything. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(),
  fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

// Past the gateway's 1 MB body limit at the top end, to show it refuses cleanly (413).
const hugeString = fc.integer({ min: 10_000, max: 400_000 }).map((n) => 'Ạ'.repeat(n));
const text = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', ' ', '  \n ', 'Phước Bình (synthetic)', '\u0000', '😀🇻🇳', 'a'.repeat(1001)),
  hugeString,
);

const isoDate = fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const dateLike = fc.oneof(
  { weight: 4, arbitrary: isoDate },
  { weight: 1, arbitrary: fc.constantFrom('2023-02-30', '2024-02-29', '2023-13-01', '21/03/2023', '2023-3-1', '', '2023-03-21T00:00:00Z', 'today') },
);
const yearMonth = fc.oneof(
  fc.tuple(fc.integer({ min: 1990, max: 2110 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc.constantFrom('2024-13', '2024-00', '2024-1', '24-10', ''),
);
const vnd = fc.oneof(
  fc.integer({ min: -1_000_000, max: 2_000_000_000 }), fc.constantFrom(0, 1, -1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1.5, 1e21),
  fc.constantFrom('1500000', '1.500.000'),
);
const int = fc.oneof(
  fc.integer({ min: -5, max: 600 }), fc.integer({ min: 1990, max: 2110 }), fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, 1.5, 500, 501),
);

function scalarArbitrary(name: string, argument: string, known: KnownIds): fc.Arbitrary<unknown> {
  const ids = known[argument] ?? [];
  switch (name) {
    case 'Int': return int;
    case 'Float': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e9 }), fc.constantFrom(0, -0.5, 1e308));
    case 'Boolean': return fc.boolean();
    case 'Vnd': return vnd;
    case 'Date': return dateLike;
    case 'YearMonth': return yearMonth;
    case 'ID':
    case 'String':
      return ids.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: text }) : text;
    default: return anyJson;
  }
}

/** A value for an input type: mostly of the right shape (so deep checks are reached), sometimes anything at all. */
export function inputArbitrary(type: GraphQLInputType, argument: string, known: KnownIds, depth = 0): fc.Arbitrary<unknown> {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  let right: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    const element = inputArbitrary(inner.ofType, argument, known, depth + 1);
    // Long lists are of small values: the point is the length, not a body of gigabytes.
    right = fc.oneof(
      { weight: 6, arbitrary: fc.array(element, { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom('x', 'EMPLOYMENT', 'HH-22783-000001', 1, null), element.filter((v) => JSON.stringify(v ?? null).length < 200)), { minLength: 600, maxLength: 2000 }) },
    );
  } else if (isEnumType(inner)) {
    right = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('UNKNOWN', 'poor', '') });
  } else if (isInputObjectType(inner)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(inner.getFields());
    right = fc.record(Object.fromEntries(fields.map((f) => [f.name, inputArbitrary(f.type, f.name, known, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) })
      .chain((value) => fc.oneof(
        { weight: 8, arbitrary: fc.constant(value) },
        // An unknown key, or a required one missing.
        { weight: 1, arbitrary: fc.constant({ ...value, unknownField: 1 }) },
        { weight: 1, arbitrary: fc.constant(Object.fromEntries(Object.entries(value).slice(1))) },
      ));
  } else if (isScalarType(inner)) {
    right = scalarArbitrary(inner.name, argument, known);
  } else {
    right = anyJson;
  }
  return fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant(nonNull ? null : undefined) });
}

/** The smallest selection a field needs to be a valid query: `{ __typename }` for objects, nothing for leaves. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isUnionType(named) || isInterfaceType(named) ? ' { __typename }' : '';
}

function operationFor(root: 'query' | 'mutation', path: string[], field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((a: GraphQLArgument) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = `${field.name}${field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''}${selectionFor(field)}`;
  const body = path.reduceRight((inner, step) => `${step} { ${inner} }`, call);
  return `${root} Fuzz${definitions ? `(${definitions})` : ''} { ${body} }`;
}

/**
 * Every mutation, every root query field with arguments, and every unit field with arguments (reached through
 * `commune(code: "22783")`, `district(code: "584")` and `province`), each as an operation with one variable per argument.
 */
export function fuzzTargets(schema: GraphQLSchema): { coordinate: string; query: string; field: GraphQLField<unknown, unknown>; isMutation: boolean }[] {
  const targets: { coordinate: string; query: string; field: GraphQLField<unknown, unknown>; isMutation: boolean }[] = [];
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    targets.push({ coordinate: `Mutation.${field.name}`, query: operationFor('mutation', [], field), field, isMutation: true });
  }
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    if (field.args.length > 0) targets.push({ coordinate: `Query.${field.name}`, query: operationFor('query', [], field), field, isMutation: false });
  }
  for (const [typeName, path] of [['Commune', 'commune(code: "22783")'], ['District', 'district(code: "584")'], ['Province', 'province']] as const) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length > 0) targets.push({ coordinate: `${typeName}.${field.name}`, query: operationFor('query', [path], field), field, isMutation: false });
    }
  }
  return targets;
}

/** A case: a target, its variables and a caller. */
export function caseArbitrary(schema: GraphQLSchema, known: KnownIds): fc.Arbitrary<FuzzCase> {
  const targets = fuzzTargets(schema);
  return fc.constantFrom(...targets).chain((target) =>
    fc.record({
      variables: fc.record(Object.fromEntries(target.field.args.map((a) => [a.name, inputArbitrary(a.type, a.name, known)])), { requiredKeys: [] }),
      caller: callerArbitrary,
    }).map(({ variables, caller }) => ({
      coordinate: target.coordinate, query: target.query, isMutation: target.isMutation, caller,
      variables: Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined)),
    })));
}
