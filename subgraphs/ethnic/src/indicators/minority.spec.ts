import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { ethnic } from '../index';
import { minorityIndicators, minorityIndicatorsByYear, roundPp, type EthnicGroupCount } from './minority';

/** Raglai ("21") and Chăm ("17") are minorities, Kinh ("01") is not; "99" is no group (not a minority). */
const COUNTS: EthnicGroupCount[] = [
  { year: 2023, ethnicGroupCode: '21', classification: 'POOR', households: 30 },
  { year: 2023, ethnicGroupCode: '21', classification: 'NEAR_POOR', households: 50 },
  { year: 2023, ethnicGroupCode: '17', classification: 'ABOVE_AVERAGE', households: 20 },
  { year: 2023, ethnicGroupCode: '01', classification: 'POOR', households: 10 },
  { year: 2023, ethnicGroupCode: '01', classification: 'AVERAGE_LIVING', households: 390 },
  { year: 2024, ethnicGroupCode: '21', classification: 'POOR', households: 20 },
  { year: 2024, ethnicGroupCode: '17', classification: 'NEAR_POOR', households: 80 },
  { year: 2024, ethnicGroupCode: '01', classification: 'POOR', households: 5 },
  { year: 2024, ethnicGroupCode: '99', classification: 'POOR', households: 5 },
  { year: 2024, ethnicGroupCode: '01', classification: 'ABOVE_AVERAGE', households: 390 },
];

describe('minority indicators from counts per year, ethnic group and class', () => {
  it('counts minorities by the Ethnic Committee\'s list, with rates, the change in pp and the share of the poor', () => {
    expect(minorityIndicators(COUNTS, 2023)).toEqual({
      year: 2023, minorityHouseholds: 100, minorityPoor: 30, minorityPoorRate: 0.3, minorityPoorRateChangePp: null,
      minorityShareOfPoor: 0.75, allHouseholds: 500, allPoor: 40,
    });
    expect(minorityIndicators(COUNTS, 2024)).toEqual({
      year: 2024, minorityHouseholds: 100, minorityPoor: 20, minorityPoorRate: 0.2, minorityPoorRateChangePp: -10,
      minorityShareOfPoor: 20 / 30, allHouseholds: 500, allPoor: 30,
    });
    expect(minorityIndicatorsByYear(COUNTS)).toEqual([minorityIndicators(COUNTS, 2023), minorityIndicators(COUNTS, 2024)]);
  });

  it('gives zeros and no rates for a year without reviews, and no change without the year before', () => {
    expect(minorityIndicators(COUNTS, 2025)).toEqual({
      year: 2025, minorityHouseholds: 0, minorityPoor: 0, minorityPoorRate: null, minorityPoorRateChangePp: null,
      minorityShareOfPoor: null, allHouseholds: 0, allPoor: 0,
    });
    const onlyKinh2023 = COUNTS.filter((c) => c.year === 2024 || c.ethnicGroupCode === '01');
    expect(minorityIndicators(onlyKinh2023, 2024).minorityPoorRateChangePp).toBeNull();
    expect(minorityIndicatorsByYear([])).toEqual([]);
  });

  it('takes the list it is given: another decision on who is a minority gives other figures', () => {
    const chamOnly = (code: string) => code === '17';
    expect(minorityIndicators(COUNTS, 2024, chamOnly)).toMatchObject({ minorityHouseholds: 80, minorityPoor: 0, minorityPoorRate: 0 });
  });

  it('rounds a change in pp as PostgreSQL rounds DOLISA\'s: through 15 digits, half away from zero', () => {
    expect(roundPp(-3.0000000000000004)).toBe(-3);
    expect(roundPp(1.00005)).toBe(1.0001);
    expect(roundPp(-1.00005)).toBe(-1.0001);
    expect(roundPp(0.00004999)).toBe(0);
    expect(roundPp(-0.00005)).toBe(-0.0001);
    expect(roundPp(0)).toBe(0);
    expect(roundPp(12.345649999999999)).toBe(12.3457);
  });
});

describe('minority indicators in the subgraph', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic);
  });
  afterAll(() => subgraph?.close());

  it('rounds exactly as the database does for thousands of rate changes', async () => {
    const random = new Random(4);
    // Exact ties at the fifth decimal first (±0.00005 and 0.00015 pp), then random counts.
    const ties = [[0, 1, 1, 2_000_000], [1, 2_000_000, 0, 1], [0, 1, 3, 2_000_000], [3, 2_000_000, 0, 1]] as const;
    const pairs = [...ties, ...Array.from({ length: 3000 }, () => {
      const [h0, h1] = [random.int(1, 5000), random.int(1, 5000)];
      return [random.int(0, h0), h0, random.int(0, h1), h1] as const;
    })];
    const values = sql.join(pairs.map(([p0, h0, p1, h1], i) => sql`(${i}::int, ${p0}::int, ${h0}::int, ${p1}::int, ${h1}::int)`), sql`, `);
    // DOLISA's expression for poorRateChangePp (subgraphs/dolisa/src/poverty/loaders.ts), run by this database.
    const rows = await subgraph.database.rows<{ pp: number }>(sql`
      select round(((p1::float8 / h1 - p0::float8 / h0) * 100)::numeric, 4)::float8 as pp
      from (values ${values}) as v(i, p0, h0, p1, h1) order by i`);
    expect(rows).toHaveLength(pairs.length);
    const mismatches = pairs.filter(([p0, h0, p1, h1], i) => roundPp((p1 / h1 - p0 / h0) * 100) !== Number(rows[i]!.pp));
    expect(mismatches).toEqual([]);
    expect(rows.slice(0, 4).map((r) => Number(r.pp))).toEqual([0.0001, -0.0001, 0.0002, -0.0002]);
  });

  const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Province { code minorityIndicators(year: 2024) { minorityPoor minorityPoorRateChangePp } }
    ... on District { code minorityIndicators(year: 2024) { minorityPoor minorityPoorRateChangePp } }
    ... on Commune { code minorityIndicators(year: 2024) { minorityPoor minorityPoorRateChangePp } minorityIndicatorsByYear { year } } } }`;

  it('computes every unit of a representation list from the counts it carries, without a statement', async () => {
    const r = [
      { __typename: 'Province', code: '58', countsByEthnicGroup: COUNTS },
      { __typename: 'District', code: '584', countsByEthnicGroup: COUNTS.slice(0, 3) },
      ...communes.map((c) => ({ __typename: 'Commune', code: c.code, countsByEthnicGroup: COUNTS })),
      { __typename: 'Commune', code: '99999', countsByEthnicGroup: [] },
    ];
    subgraph.database.statements.reset();
    const result = await subgraph.execute<{ _entities: unknown[] }>(ENTITIES, { r });
    expect(result.errors).toBeUndefined();
    expect(subgraph.database.statements.count).toBe(0);
    const entities = result.data!._entities;
    expect(entities).toHaveLength(67 + 1);
    expect(entities[0]).toEqual({ code: '58', minorityIndicators: { minorityPoor: 20, minorityPoorRateChangePp: -10 } });
    expect(entities[1]).toEqual({ code: '584', minorityIndicators: { minorityPoor: 0, minorityPoorRateChangePp: null } });
    expect(entities[2]).toEqual({ code: communes[0]!.code, minorityIndicators: { minorityPoor: 20, minorityPoorRateChangePp: -10 }, minorityIndicatorsByYear: [{ year: 2023 }, { year: 2024 }] });
    // An unknown unit resolves to null, as the gateway expects of an entity that does not exist.
    expect(entities.at(-1)).toBeNull();
  });

  it('refuses to guess without DOLISA\'s counts (a representation that did not come through the gateway)', async () => {
    const result = await subgraph.execute(ENTITIES, { r: [{ __typename: 'Commune', code: '22783' }] });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countsByEthnicGroup' });
  });

  it('rejects a year outside 2000-2100 with BAD_USER_INPUT on field "year"', async () => {
    const result = await subgraph.execute(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { minorityIndicators(year: 1999) { minorityPoor } } } }`,
      { r: [{ __typename: 'Commune', code: '22783', countsByEthnicGroup: COUNTS }] });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });
});
