import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloGateway } from '@apollo/gateway';
import { buildSchema, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { readCommittedSupergraph } from './supergraph';
import { DEFAULT_LIMITS, checkLimits, limitsFromEnv, measureOperation, type QueryLimits } from '@ntg/subgraph-kit';

/** The contract fields of the graph map (shared/GRAPH-MAP.md), enough to measure the dashboard query. */
const CONTRACT = buildSchema(/* GraphQL */ `
  type Query { province: Province! commune(code: ID!): Commune communes(districtCode: ID): [Commune!]! }
  type Province { name: String! districts: [District!]! povertyStats(year: Int!): PovertyStats! households(first: Int = 50, after: String): HouseholdConnection! }
  type District { code: ID! name: String! communes: [Commune!]! povertyTrend(from: Int!, to: Int!): [PovertyStats!]! }
  type Commune {
    code: ID! name: String! kind: String! district: District!
    povertyStats(year: Int!): PovertyStats! minorityIndicators(year: Int!): MinorityIndicators ethnicArea: String
    fundingSummary(year: Int!): FundingSummary! livelihoodModels(status: String): [LivelihoodModel!]!
    households(first: Int = 50, after: String): HouseholdConnection!
  }
  type PovertyStats { year: Int! households: Int! poor: Int! poorRate: Float poorRateChangePp: Float }
  type MinorityIndicators { minorityPoorRate: Float minorityPoorRateChangePp: Float }
  type FundingSummary { approved: Int! disbursed: Int! }
  type LivelihoodModel {
    id: ID! name: String! status: String! outcome: Outcome! technicalSupports: [TechnicalSupport!]! funding: Funding
    consensusRate: Float supervisions: [Supervision!]! participants: [Participation!]!
  }
  type Participation { household: Household! model: LivelihoodModel! }
  type Outcome { participants: Int! escapedPoverty: Int! }
  type TechnicalSupport { kind: String! date: String! }
  type Funding { approved: Int! disbursed: Int! flags: [String!]! }
  type Supervision { date: String! recommendations: [Recommendation!]! }
  type Recommendation { status: String! }
  type HouseholdConnection { edges: [HouseholdEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type HouseholdEdge { cursor: String! node: Household! }
  type Household { id: ID! headName: String assessments: [Assessment!]! livelihoodModels: [Participation!]! }
  type Assessment { year: Int! classification: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
`);

/** The commune dashboard of the graph map, asked for all 65 communes at once. */
const DASHBOARD_65 = /* GraphQL */ `
  query Dashboard($year: Int!) {
    communes {
      name kind district { name }
      povertyStats(year: $year) { households poor poorRate poorRateChangePp }
      minorityIndicators(year: $year) { minorityPoorRate minorityPoorRateChangePp }
      ethnicArea
      fundingSummary(year: $year) { approved disbursed }
      livelihoodModels {
        name status outcome { participants escapedPoverty }
        technicalSupports { kind date }
        funding { approved disbursed flags }
        consensusRate
        supervisions { date recommendations { status } }
      }
    }
  }`;

function measure(schema: GraphQLSchema, source: string, variables: Record<string, unknown> = {}, limits: QueryLimits = DEFAULT_LIMITS) {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  const result = measureOperation(schema, document, getOperationAST(document)!, variables, limits);
  return { ...result, error: checkLimits(result, limits) };
}

describe('query measure', () => {
  it('counts every field once, multiplied by the lists above it', () => {
    // A field costs 1 per element of every list above it, the list field itself included:
    // communes 65 × (itself 1 + name 1 + livelihoodModels 5 × (itself 1 + name 1 + supervisions 5 × (itself 1 + date 1)))
    expect(measure(CONTRACT, `{ communes { name livelihoodModels { name supervisions { date } } } }`))
      .toMatchObject({ depth: 4, aliases: 0, cost: 65 * (1 + 1 + 5 * (1 + 1 + 5 * (1 + 1))) });
  });

  it('multiplies a connection by its first (literal, variable or schema default), not again by its edges', () => {
    const page = (first: string) => `query${first.includes('$n') ? '($n: Int)' : ''} { province { households${first} { totalCount edges { node { id } } } } }`;
    const per = (n: number) => 1 + n * (1 + 1 + 1 + 1 + 1); // province 1 + n × (households, totalCount, edges, node, id)
    expect(measure(CONTRACT, page('(first: 20)')).cost).toBe(per(20));
    expect(measure(CONTRACT, page('(first: $n)'), { n: 7 }).cost).toBe(per(7));
    expect(measure(CONTRACT, page('')).cost).toBe(per(50)); // the argument's default, first: Int = 50
    expect(measure(CONTRACT, page('(first: $n)')).cost).toBe(per(50));
  });

  it('knows the sizes of the unit lists: 7 districts, at most 16 communes each, 65 in all', () => {
    expect(measure(CONTRACT, `{ province { districts { communes { name } } } }`).cost).toBe(1 + 7 * (1 + 16 * (1 + 1)));
    expect(measure(CONTRACT, `{ communes { name } }`).cost).toBe(65 * (1 + 1));
  });

  it('treats lists of scalars as one value, introspection and __typename as free', () => {
    expect(measure(CONTRACT, `{ commune(code: "22783") { livelihoodModels { funding { flags } } } }`).cost).toBe(1 + 5 * (1 + 1 + 1));
    const introspection = measure(CONTRACT, `{ __typename __schema { types { name fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } }`);
    expect(introspection).toMatchObject({ depth: 0, cost: 0, error: undefined });
  });

  it('counts aliases and the fields of fragments where they are spread', () => {
    const result = measure(CONTRACT, `
      query { a: commune(code: "22783") { ...F } b: commune(code: "22786") { ...F } }
      fragment F on Commune { n: name k: kind livelihoodModels { ... on LivelihoodModel { name } } }`);
    expect(result).toMatchObject({ aliases: 6, depth: 3, cost: 2 * (1 + 1 + 1 + 5 * (1 + 1)) });
  });
});

describe('query limits', () => {
  it('allow the 65-commune dashboard of the graph map, well within every default', () => {
    const result = measure(CONTRACT, DASHBOARD_65, { year: 2024 });
    expect(result.error).toBeUndefined();
    expect(result.depth).toBe(5);
    expect(result.cost).toBeLessThan(DEFAULT_LIMITS.maxCost / 2);
    // The same per district and commune, nested under the province: still allowed.
    const nested = measure(CONTRACT, `query($year: Int!) { province { districts { communes { ...D } } } } fragment D on Commune {
      name povertyStats(year: $year) { poorRate } livelihoodModels { name supervisions { date recommendations { status } } } }`, { year: 2024 });
    expect(nested.error).toBeUndefined();
  });

  it('refuse a query deeper than the maximum, naming the limit and the numbers', () => {
    let query = 'id';
    for (let i = 0; i < 7; i++) query = `livelihoodModels { model { participants { household { ${query} } } } }`;
    const result = measure(CONTRACT, `{ commune(code: "22783") { households { edges { node { ${query} } } } } }`);
    expect(result.error?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 12 });
    expect(result.error?.message).toMatch(/^Query depth (at least )?(1[3-9]|[2-9]\d) exceeds the maximum depth 12$/);
  });

  it('refuse too many aliases', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `c${i}: commune(code: "22783") { name }`).join(' ');
    const result = measure(CONTRACT, `{ ${aliases} }`);
    expect(result.error?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', max: 30 });
    expect(result.error?.message).toMatch(/uses (at least )?31 aliases; at most 30/);
    expect(measure(CONTRACT, `{ ${aliases.split(' c30:')[0]} }`).error).toBeUndefined();
  });

  it('refuse a cost above the budget: every commune\'s households, 500 a page, with their reviews', () => {
    const result = measure(CONTRACT, `{ communes { households(first: 500) { edges { node { id headName assessments { year classification } } } } } }`);
    expect(result.cost).toBe(65 * (1 + 500 * (1 + 1 + 1 + 1 + 1 + 5 * (1 + 1 + 1))));
    expect(result.error?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', actual: result.cost, max: 100_000 });
    expect(result.error?.message).toBe(`Query cost estimate ${result.cost} exceeds the budget 100000: ask for smaller pages (first) or fewer nested lists`);
    // One page of the province's households is fine.
    expect(measure(CONTRACT, `{ province { households(first: 500) { edges { node { id assessments { year classification } } } } } }`).error).toBeUndefined();
  });

  it('refuse pages above 500 and stop walking fragment bombs early', () => {
    expect(measure(CONTRACT, `{ province { households(first: 501) { totalCount } } }`).error?.message).toBe('A page of 501 exceeds the largest page size 500 (first)');
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Commune { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const bomb = measure(CONTRACT, `{ commune(code: "22783") { ...F0 } } ${levels} fragment F30 on Commune { name }`);
    expect(bomb.truncated).toBe(true);
    expect(bomb.error?.extensions).toMatchObject({ limit: 'cost' });
  });

  it('read their settings from the environment', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ GRAPH_MAX_DEPTH: '8', GRAPH_MAX_ALIASES: '5', GRAPH_MAX_TOKENS: '900', GRAPH_MAX_COST: '2000', GRAPH_DEFAULT_LIST_SIZE: '3' }))
      .toMatchObject({ maxDepth: 8, maxAliases: 5, maxTokens: 900, maxCost: 2000, defaultListSize: 3 });
    expect(() => limitsFromEnv({ GRAPH_MAX_DEPTH: 'ten' })).toThrow(/GRAPH_MAX_DEPTH must be a positive integer/);
    expect(() => limitsFromEnv({ GRAPH_MAX_COST: '0' })).toThrow(/GRAPH_MAX_COST/);
  });
});

describe('query limits on the committed supergraph', () => {
  let gateway: ApolloGateway;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: readCommittedSupergraph() });
    schema = (await gateway.load()).schema;
  });
  afterAll(() => gateway?.stop());

  it('allow the README\'s first query and the end-to-end 65-commune query', () => {
    const readme = measure(schema, `{
      province {
        name
        povertyStats(year: 2023) { households poor poorRate poorRateChangePp minorityPoor }
        districts { name povertyTrend(from: 2022, to: 2024) { year poorRate poorRateChangePp } }
      }
      commune(code: "22783") {
        name kind district { name }
        povertyStats(year: 2024) { households poor poorRate }
        ethnicArea
        fundingSummary(year: 2024) { approved disbursed }
        agricultureSupport(year: 2024) { supportEvents householdsReached }
        supervisions { date subject recommendations { status dueDate } }
      }
    }`);
    expect(readme.error).toBeUndefined();
    const all = measure(schema, `query AllCommunes($year: Int!) {
      communes {
        code name kind areaType district { code name }
        povertyStats(year: $year) { households poor poorRate syntheticHouseholds }
        agricultureSupport(year: $year) { year supportEvents householdsReached }
        fundingSummary(year: $year) { year approved disbursed }
        ethnicArea
        supervisions { id date }
      }
      province { fundingSummary(year: $year) { approved disbursed } povertyStats(year: $year) { households poor } }
    }`, { year: 2024 });
    expect(all.error).toBeUndefined();
    expect(all.cost).toBeLessThan(DEFAULT_LIMITS.maxCost / 10);
  });
});
