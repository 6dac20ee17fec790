import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes, findCommune } from '@ntg/admin-units';
import { ETHNIC_AREA_861 } from '@ntg/synthetic';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { ethnic } from './index';

type Entities<T> = { _entities: (T | null)[] };
const communeRefs = (codes: readonly string[]) => codes.map((code) => ({ __typename: 'Commune', code }));

describe('Ethnic Committee reference data and fields', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic);
  });
  afterAll(() => subgraph?.close());

  it('lists the 54 GSO ethnic groups: Kinh the only majority, Raglai and Chăm minorities', async () => {
    const result = await subgraph.execute<{ ethnicGroups: { code: string; name: string; isMinority: boolean }[] }>(
      `{ ethnicGroups { code name isMinority } }`,
    );
    expect(result.errors).toBeUndefined();
    const groups = result.data!.ethnicGroups;
    expect(groups).toHaveLength(54);
    expect(groups.map((g) => g.code)).toEqual(Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(groups[0]).toEqual({ code: '01', name: 'Kinh', isMinority: false });
    expect(groups.filter((g) => !g.isMinority).map((g) => g.code)).toEqual(['01']);
    expect(groups.find((g) => g.code === '21')).toEqual({ code: '21', name: 'Ra-glai', isMinority: true });
    expect(groups.find((g) => g.code === '17')).toEqual({ code: '17', name: 'Chăm', isMinority: true });
    expect(groups.find((g) => g.code === '54')).toEqual({ code: '54', name: 'Rơ-măm', isMinority: true });
  });

  it('finds one group by code, NOT_FOUND for an unknown code and BAD_USER_INPUT for a malformed one', async () => {
    const result = await subgraph.execute(`{
      raglai: ethnicGroup(code: "21") { code name isMinority }
      unknown: ethnicGroup(code: "99") { name }
      bad: ethnicGroup(code: "1") { name }
    }`);
    expect(result.data).toEqual({ raglai: { code: '21', name: 'Ra-glai', isMinority: true }, unknown: null, bad: null });
    const errors = Object.fromEntries((result.errors ?? []).map((e) => [String(e.path?.[0]), e.extensions]));
    expect(errors.unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect(errors.bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('resolves EthnicGroup references in one statement, null for an unknown code', async () => {
    subgraph.database.statements.reset();
    const result = await subgraph.execute<Entities<{ code: string; name: string; isMinority: boolean }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on EthnicGroup { code name isMinority } } }`,
      { r: ['21', '01', '17', '99'].map((code) => ({ __typename: 'EthnicGroup', code })) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { code: '21', name: 'Ra-glai', isMinority: true },
      { code: '01', name: 'Kinh', isMinority: false },
      { code: '17', name: 'Chăm', isMinority: true },
      null,
    ]);
    expect(subgraph.database.statements.count).toBe(1);
  });

  it('holds Decision 861/QĐ-TTg exactly as ETHNIC_AREA_861 lists it: 15 Region III, 1 Region II, 12 Region I', async () => {
    const rows = await subgraph.database.rows<{ commune_code: string; region: string; decision: string; effective_on: string; recorded_by: string | null }>(
      sql`select commune_code, area as region, decision, to_char(effective_on, 'YYYY-MM-DD') as effective_on, recorded_by from ethnic.ethnic_area_history order by commune_code`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.commune_code, r.region]))).toEqual({ ...ETHNIC_AREA_861 });
    expect(rows).toHaveLength(28);
    expect(rows.every((r) => r.decision === '861/QĐ-TTg' && r.effective_on === '2021-06-04' && r.recorded_by === null)).toBe(true);
    expect(rows.every((r) => findCommune(r.commune_code))).toBe(true);
    const count = (region: string) => rows.filter((r) => r.region === region).length;
    expect([count('REGION_III'), count('REGION_II'), count('REGION_I')]).toEqual([15, 1, 12]);
    // All 9 communes of Bác Ái, the poor district, are Region III.
    expect(communes.filter((c) => c.districtCode === '584').every((c) => ETHNIC_AREA_861[c.code] === 'REGION_III')).toBe(true);
  });

  it('gives each commune its class, NONE when unclassified, and none before the decision took effect', async () => {
    const result = await subgraph.execute<Entities<{ code: string; ethnicArea: string; before: string; onDay: string }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code ethnicArea before: ethnicArea(on: "2021-06-03") onDay: ethnicArea(on: "2021-06-04") } } }`,
      { r: communeRefs(['22783', '22849', '22813', '22738']) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { code: '22783', ethnicArea: 'REGION_III', before: 'NONE', onDay: 'REGION_III' },
      { code: '22849', ethnicArea: 'REGION_II', before: 'NONE', onDay: 'REGION_II' },
      { code: '22813', ethnicArea: 'REGION_I', before: 'NONE', onDay: 'REGION_I' },
      { code: '22738', ethnicArea: 'NONE', before: 'NONE', onDay: 'NONE' },
    ]);
  });

  it('answers all 65 communes in the same number of statements as one', async () => {
    subgraph.database.statements.reset();
    const one = await subgraph.execute<Entities<{ ethnicArea: string }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { ethnicArea } } }`,
      { r: communeRefs(['22783']) },
    );
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const all = await subgraph.execute<Entities<{ code: string; ethnicArea: string }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code ethnicArea } } }`,
      { r: communeRefs(communes.map((c) => c.code)) },
    );
    expect(all.errors).toBeUndefined();
    expect(subgraph.database.statements.count).toBe(forOne);
    expect(forOne).toBe(1);
    const areas = all.data!._entities.map((e) => e!.ethnicArea);
    expect(areas).toHaveLength(65);
    const tally = (a: string) => areas.filter((x) => x === a).length;
    expect([tally('REGION_III'), tally('REGION_II'), tally('REGION_I'), tally('NONE')]).toEqual([15, 1, 12, 37]);
    expect(Object.fromEntries(all.data!._entities.filter((e) => e!.ethnicArea !== 'NONE').map((e) => [e!.code, e!.ethnicArea]))).toEqual({ ...ETHNIC_AREA_861 });
  });

  it('follows the history: a later decision ends the earlier one the day before it takes effect', async () => {
    // The history is append-only, so this fixture stays: later dates than any other test of this file asks about.
    await subgraph.database.db.execute(sql`
      insert into ethnic.ethnic_area_history (commune_code, area, decision, effective_on)
      values ('22738', 'REGION_II', 'fixture A', '2030-01-01'), ('22738', 'NONE', 'fixture B', '2031-01-01')`);
    subgraph.database.statements.reset();
    const result = await subgraph.execute<Entities<Record<string, unknown>>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune {
        a: ethnicArea(on: "2029-12-31") b: ethnicArea(on: "2030-01-01") c: ethnicArea(on: "2030-12-31") d: ethnicArea(on: "2031-01-01")
        ethnicAreaHistory { area decision effectiveOn validUntil recordedBy commune { code } }
      } } }`,
      { r: communeRefs(['22738']) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{
      a: 'NONE', b: 'REGION_II', c: 'REGION_II', d: 'NONE',
      ethnicAreaHistory: [
        { area: 'REGION_II', decision: 'fixture A', effectiveOn: '2030-01-01', validUntil: '2030-12-31', recordedBy: null, commune: { code: '22738' } },
        { area: 'NONE', decision: 'fixture B', effectiveOn: '2031-01-01', validUntil: null, recordedBy: null, commune: { code: '22738' } },
      ],
    }]);
    // Four dates and the history: one statement each kind.
    expect(subgraph.database.statements.count).toBe(2);
  });

  it('refuses to rewrite or delete the history: it is append-only', async () => {
    for (const statement of [
      sql`update ethnic.ethnic_area_history set area = 'REGION_I' where commune_code = '22783'`,
      sql`delete from ethnic.ethnic_area_history where commune_code = '22783'`,
      sql`truncate ethnic.ethnic_area_history`,
    ]) {
      await expect(subgraph.database.db.execute(statement)).rejects.toThrow();
    }
    const [row] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from ethnic.ethnic_area_history where commune_code = '22783' and area = 'REGION_III'`);
    expect(row!.n).toBe(1);
  });

  it('rejects a date outside 2000-2100 with BAD_USER_INPUT on field "on"', async () => {
    const result = await subgraph.execute(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { ethnicArea(on: "1999-12-31") } } }`,
      { r: communeRefs(['22783']) },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
  });
});
