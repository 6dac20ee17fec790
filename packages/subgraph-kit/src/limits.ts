import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError, Kind, visit, getNamedType, getNullableType, isInterfaceType, isLeafType, isListType, isObjectType, valueFromASTUntyped,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * Limits for ad-hoc queries, enforced at the gateway before any subgraph is called. The defaults comfortably
 * allow the README's first query (depth 4, cost about 270), the end-to-end 65-commune query (cost about 2,400) and
 * the graph map's commune dashboard asked for all 65 communes (depth 5, cost about 29,000), and refuse queries
 * that fan out to hundreds of thousands of rows (every commune's households, 500 a page: cost about 1,000,000).
 */
export interface QueryLimits {
  /** Deepest field nesting (`{ a { b } }` is 2). Introspection (__schema, __type) is not counted. GRAPH_MAX_DEPTH. */
  maxDepth: number;
  /** Aliased fields in the operation, fragments expanded. GRAPH_MAX_ALIASES. */
  maxAliases: number;
  /** Lexical tokens of the query text, checked by the parser itself. GRAPH_MAX_TOKENS. */
  maxTokens: number;
  /** Cost estimate budget: every field costs 1, multiplied by the size of each list it sits in. GRAPH_MAX_COST. */
  maxCost: number;
  /**
   * Assumed size of a list without a `first` argument and without a known size (a commune's models, a model's
   * supervisions). GRAPH_DEFAULT_LIST_SIZE.
   */
  defaultListSize: number;
  /** Largest `first` (page size) accepted; subgraphs enforce the same cap. */
  maxPageSize: number;
  /** Most entity representations one `_entities` call may carry (subgraphs only; the gateway sends them). */
  maxRepresentations: number;
  /**
   * Known list sizes, by field coordinate ("District.communes": at most 16) or else by element type ("Commune":
   * the 65 communes of the province).
   */
  listSizes: Readonly<Record<string, number>>;
}

export const DEFAULT_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxCost: 100_000,
  defaultListSize: 5,
  maxPageSize: 500,
  maxRepresentations: 20_000,
  listSizes: Object.freeze({ 'Province.districts': 7, 'District.communes': 16, District: 7, Commune: 65, Province: 1 }),
});

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** DEFAULT_LIMITS overridden by GRAPH_MAX_DEPTH, GRAPH_MAX_ALIASES, GRAPH_MAX_TOKENS, GRAPH_MAX_COST, GRAPH_DEFAULT_LIST_SIZE. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  return {
    ...DEFAULT_LIMITS,
    maxDepth: positiveInteger(env, 'GRAPH_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
    maxAliases: positiveInteger(env, 'GRAPH_MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
    maxTokens: positiveInteger(env, 'GRAPH_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
    maxCost: positiveInteger(env, 'GRAPH_MAX_COST', DEFAULT_LIMITS.maxCost),
    defaultListSize: positiveInteger(env, 'GRAPH_DEFAULT_LIST_SIZE', DEFAULT_LIMITS.defaultListSize),
  };
}

/**
 * The limits a subgraph applies to whoever calls it, the gateway or anyone reaching it directly: the same depth,
 * alias, token and page limits as the gateway, and a cost budget ten times the gateway's (GRAPH_MAX_SUBGRAPH_COST),
 * because a subgraph counts what it is really sent: `_entities` costs as many times as it has representations
 * (at most GRAPH_MAX_REPRESENTATIONS), where the gateway could only assume list sizes.
 */
export function subgraphLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const gateway = limitsFromEnv(env);
  return {
    ...gateway,
    maxCost: positiveInteger(env, 'GRAPH_MAX_SUBGRAPH_COST', gateway.maxCost * 10),
    maxRepresentations: positiveInteger(env, 'GRAPH_MAX_REPRESENTATIONS', DEFAULT_LIMITS.maxRepresentations),
  };
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** Largest page size asked for. */
  largestPage: number;
  /** Most representations one `_entities` call carries. */
  representations: number;
  /** Set when the walk stopped early because a limit was already exceeded (the figures are then lower bounds). */
  truncated: boolean;
}

const PAGE_ARGUMENTS = ['first', 'last'];
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
/**
 * Field visits (fragments expanded, lists not multiplied) after which the walk stops and the query is refused on
 * cost: the 65-commune dashboard is about 40; a fragment fan-out bomb reaches it in a few milliseconds.
 */
const MAX_VISITS = 10_000;

class Stop extends Error {}

/** How many representations an `_entities` field is given, inline or through a variable. */
function representationCount(node: FieldNode, variables: Readonly<Record<string, unknown>>): number {
  const argument = node.arguments?.find((a) => a.name.value === 'representations');
  if (!argument) return 0;
  if (argument.value.kind === Kind.LIST) return argument.value.values.length;
  if (argument.value.kind === Kind.VARIABLE) {
    const value = variables[argument.value.name.value];
    return Array.isArray(value) ? value.length : 0;
  }
  return 0;
}

/**
 * Measures an operation against a schema (the gateway's API schema): depth, aliases, and a cost estimate in
 * which every field costs 1 and a list of objects multiplies everything below it by its `first` argument (the
 * variable's value, or the argument's default), else by its known size (`listSizes`), else by `defaultListSize`.
 * A connection's `edges`/`nodes` do not multiply again: its `first` already did.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
  limits: QueryLimits = DEFAULT_LIMITS,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableValues: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] !== undefined) variableValues[name] = variables[name];
    else if (definition.defaultValue) variableValues[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const measure: OperationMeasure = { depth: 0, aliases: 0, cost: 0, largestPage: 0, representations: 0, truncated: false };
  let visits = 0;

  const pageSizeOf = (field: GraphQLField<unknown, unknown> | undefined, node: FieldNode): number | undefined => {
    for (const name of PAGE_ARGUMENTS) {
      const argument = node.arguments?.find((a) => a.name.value === name);
      let value: unknown;
      if (argument) {
        if (argument.value.kind === Kind.INT) value = Number(argument.value.value);
        else if (argument.value.kind === Kind.VARIABLE) value = variableValues[argument.value.name.value];
      }
      if (value === undefined || value === null) value = field?.args.find((a) => a.name === name)?.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
    }
    return undefined;
  };

  /** Returns the cost of a selection set once (its caller multiplies). */
  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined, depth: number, inConnection: boolean, seen: ReadonlySet<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue; // cycles are a validation error anyway
        const type = schema.getType(fragment.typeCondition.name.value) ?? parentType;
        cost += walk(fragment.selectionSet, type, depth, inConnection, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? parentType : parentType;
        cost += walk(selection.selectionSet, type, depth, inConnection, seen);
        continue;
      }
      const name = selection.name.value;
      if (++visits > MAX_VISITS) {
        measure.truncated = true;
        measure.cost = Math.max(measure.cost, limits.maxCost + 1);
        throw new Stop();
      }
      if (selection.alias) measure.aliases += 1;
      if (INTROSPECTION_ROOTS.has(name) || name === '__typename') continue; // switched off separately; free
      const fields = parentType && (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields() : undefined;
      const coordinate = `${parentType?.name}.${name}`;
      const field = fields?.[name];
      const fieldDepth = depth + 1;
      measure.depth = Math.max(measure.depth, fieldDepth);

      const returnType = field ? getNullableType(field.type) : undefined;
      const isList = returnType !== undefined && isListType(returnType);
      const namedType = field ? getNamedType(field.type) : undefined;
      const page = pageSizeOf(field, selection);
      if (page !== undefined) measure.largestPage = Math.max(measure.largestPage, page);
      let multiplier = 1;
      let childInConnection = false;
      const representations = name === '_entities' ? representationCount(selection, variableValues) : undefined;
      if (representations !== undefined) {
        // A subgraph resolves each representation: the selection costs once per entity it is sent.
        measure.representations = Math.max(measure.representations, representations);
        multiplier = Math.max(1, representations);
      } else if (page !== undefined) {
        multiplier = page;
        childInConnection = !isList; // a connection: its edges/nodes are the page
      } else if (isList && namedType && !isLeafType(namedType)) {
        // A list of scalars or enums is one value; a list of objects multiplies what is selected in it.
        multiplier = inConnection && (name === 'edges' || name === 'nodes')
          ? 1
          : limits.listSizes[coordinate] ?? limits.listSizes[namedType.name] ?? limits.defaultListSize;
      }
      const below = selection.selectionSet ? walk(selection.selectionSet, namedType, fieldDepth, childInConnection, seen) : 0;
      cost += multiplier * (1 + below);
      if (measure.depth > limits.maxDepth || measure.aliases > limits.maxAliases) {
        measure.truncated = true;
        throw new Stop();
      }
    }
    return cost;
  };

  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  try {
    measure.cost = walk(operation.selectionSet, rootType ?? undefined, 0, false, new Set());
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return measure;
}

export function queryLimitError(limit: 'depth' | 'aliases' | 'cost' | 'page size' | 'representations' | 'response size' | 'directives', message: string, actual: number, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, actual, max, http: { status: 400 } },
  });
}

/** The first limit the measure breaks, as a caller-facing error; undefined when the operation is within limits. */
export function checkLimits(measure: OperationMeasure, limits: QueryLimits): GraphQLError | undefined {
  const atLeast = measure.truncated ? 'at least ' : '';
  if (measure.depth > limits.maxDepth) {
    return queryLimitError('depth', `Query depth ${atLeast}${measure.depth} exceeds the maximum depth ${limits.maxDepth}`, measure.depth, limits.maxDepth);
  }
  if (measure.aliases > limits.maxAliases) {
    return queryLimitError('aliases', `Query uses ${atLeast}${measure.aliases} aliases; at most ${limits.maxAliases} are allowed`, measure.aliases, limits.maxAliases);
  }
  if (measure.representations > limits.maxRepresentations) {
    return queryLimitError('representations', `_entities was sent ${measure.representations} representations; at most ${limits.maxRepresentations} are allowed`, measure.representations, limits.maxRepresentations);
  }
  if (measure.largestPage > limits.maxPageSize) {
    return queryLimitError('page size', `A page of ${measure.largestPage} exceeds the largest page size ${limits.maxPageSize} (first)`, measure.largestPage, limits.maxPageSize);
  }
  if (measure.cost > limits.maxCost) {
    return queryLimitError(
      'cost',
      `Query cost estimate ${atLeast}${measure.cost} exceeds the budget ${limits.maxCost}: ask for smaller pages (first) or fewer nested lists`,
      measure.cost, limits.maxCost,
    );
  }
  return undefined;
}

/**
 * Apollo Server plugin: measures every operation once it is parsed, validated and resolved, and refuses it with
 * QUERY_LIMIT_EXCEEDED (HTTP 400) before execution, so no subgraph is called. The token limit is the parser's
 * (`parseOptions: { maxTokens }` on the server); its error is GRAPHQL_PARSE_FAILED.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const measure = measureOperation(schema, document, operation, request.variables ?? {}, limits);
          const error = checkLimits(measure, limits);
          if (error) throw error;
        },
      };
    },
  };
}

/** The first path in a JSON value holding a string with a NUL character, which PostgreSQL text cannot store. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = key.includes('\u0000') ? `${path}.${key}` : nulPath(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses text with a NUL character (U+0000) anywhere in a request, in variables or in the query's own strings,
 * as BAD_USER_INPUT naming where it is: no field of the graph can hold one, and the database would fail on it.
 */
export function nulCharacterPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const path = nulPath(value, name);
            if (path) throw new GraphQLError(`${path} holds a NUL character (U+0000), which no text of the graph may contain`, { extensions: { code: 'BAD_USER_INPUT', field: path, http: { status: 400 } } });
          }
          let literal = false;
          visit(document, { StringValue: (node) => { if (node.value.includes('\u0000')) literal = true; } });
          if (literal) throw new GraphQLError('The query holds a NUL character (U+0000) in a string', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        },
      };
    },
  };
}
