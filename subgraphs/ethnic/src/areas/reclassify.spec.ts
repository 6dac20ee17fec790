import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, type Caller } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { ethnic } from '../index';

const RECLASSIFY = `mutation ($code: ID!, $area: EthnicArea!, $decision: String!, $on: Date!) {
  reclassifyEthnicArea(communeCode: $code, area: $area, decision: $decision, effectiveOn: $on) { area decision effectiveOn validUntil recordedBy commune { code } } }`;
const officerOf = (area: string) => testCaller({ department: 'ETHNIC', role: 'officer', area, subject: `ethnic-officer-${area}` });
type Entities<T> = { _entities: T[] };

describe('reclassifyEthnicArea', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const reclassify = (caller: Caller, variables: { code: string; area: string; decision: string; on: string }) =>
    subgraph.execute<{ reclassifyEthnicArea: Record<string, unknown> | null }>(RECLASSIFY, variables, { caller });
  const counts = async () => (await subgraph.database.rows<{ history: number; ok: number; denied: number }>(sql`
    select (select count(*)::int from ethnic.ethnic_area_history) as history,
      (select count(*)::int from ethnic.audit_log where outcome = 'OK') as ok,
      (select count(*)::int from ethnic.audit_log where outcome = 'DENIED') as denied`))[0]!;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic);
  });
  afterAll(() => subgraph?.close());

  it('appends a decision for an officer of the commune, its district or the province, and audits it', async () => {
    const before = await counts();
    for (const [caller, code, on] of [[officerOf('22792'), '22792', '2026-01-01'], [officerOf('584'), '22792', '2027-01-01'], [officerOf('58'), '22738', '2026-07-01']] as const) {
      const result = await reclassify(caller, { code, area: 'REGION_I', decision: ` Test ${on} (synthetic) `, on });
      expect(result.errors).toBeUndefined();
      expect(result.data!.reclassifyEthnicArea).toEqual({ area: 'REGION_I', decision: `Test ${on} (synthetic)`, effectiveOn: on, validUntil: null, recordedBy: caller.subject, commune: { code } });
    }
    expect(await counts()).toEqual({ ...before, history: before.history + 3, ok: before.ok + 3 });
    const [audit] = await subgraph.database.rows<{ entity: string; entity_key: string; before: unknown; after: unknown; units: string[] }>(sql`
      select entity, entity_key, before, after, units from ethnic.audit_log where entity_key = '22792/2027-01-01'`);
    expect(audit).toEqual({
      entity: 'EthnicAreaClassification', entity_key: '22792/2027-01-01', units: ['22792'],
      before: { communeCode: '22792', area: 'REGION_I', decision: 'Test 2026-01-01 (synthetic)', effectiveOn: '2026-01-01' },
      after: { communeCode: '22792', area: 'REGION_I', decision: 'Test 2027-01-01 (synthetic)', effectiveOn: '2027-01-01' },
    });
    const history = await subgraph.execute<Entities<{ ethnicAreaHistory: unknown[] }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { ethnicAreaHistory { area effectiveOn validUntil } } } }`,
      { r: [{ __typename: 'Commune', code: '22792' }] },
    );
    expect(history.data!._entities[0]!.ethnicAreaHistory).toEqual([
      { area: 'REGION_III', effectiveOn: '2021-06-04', validUntil: '2025-12-31' },
      { area: 'REGION_I', effectiveOn: '2026-01-01', validUntil: '2026-12-31' },
      { area: 'REGION_I', effectiveOn: '2027-01-01', validUntil: null },
    ]);
  });

  it('refuses, audits and writes nothing for any caller but an Ethnic officer whose area covers the commune', async () => {
    const before = await counts();
    const callers = [
      officerOf('585'), officerOf('22795'),
      testCaller({ department: 'ETHNIC', role: 'supervisor', area: '58', subject: 'ethnic-supervisor' }),
      testCaller({ department: 'ETHNIC', role: 'analyst', area: '58', subject: 'ethnic-analyst' }),
      testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'dolisa-officer' }),
    ];
    for (const caller of callers) {
      const result = await reclassify(caller, { code: '22798', area: 'REGION_II', decision: 'Refused (synthetic)', on: '2030-01-01' });
      expect(result.data?.reclassifyEthnicArea ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions, caller.subject).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await counts()).toEqual({ ...before, denied: before.denied + callers.length });
    const denied = await subgraph.database.rows<{ subject: string; entity: string; entity_key: string; operation: string }>(sql`
      select subject, entity, entity_key, operation from ethnic.audit_log where outcome = 'DENIED' order by id desc limit ${callers.length}`);
    expect(denied.map((d) => d.subject).reverse()).toEqual(callers.map((c) => c.subject));
    expect(denied.every((d) => d.entity === 'EthnicAreaClassification' && d.entity_key === '22798/2030-01-01' && d.operation === 'reclassifyEthnicArea')).toBe(true);
  });

  it('names the faulty argument of a mistaken reclassification, and writes nothing', async () => {
    const before = await counts();
    const officer = officerOf('58');
    const cases = [
      [{ code: '22', area: 'REGION_I', decision: 'X', on: '2030-01-01' }, 'BAD_USER_INPUT', 'communeCode'],
      [{ code: '22801', area: 'REGION_I', decision: '', on: '2030-01-01' }, 'BAD_USER_INPUT', 'decision'],
      [{ code: '22801', area: 'REGION_I', decision: 'x'.repeat(121), on: '2030-01-01' }, 'BAD_USER_INPUT', 'decision'],
      [{ code: '22801', area: 'REGION_I', decision: 'X', on: '2101-01-01' }, 'BAD_USER_INPUT', 'effectiveOn'],
      // On or before the latest decision (861's 2021-06-04): CONFLICT, the history only grows at its end.
      [{ code: '22801', area: 'REGION_I', decision: 'X', on: '2021-06-04' }, 'CONFLICT', 'effectiveOn'],
      [{ code: '22801', area: 'REGION_I', decision: 'X', on: '2020-01-01' }, 'CONFLICT', 'effectiveOn'],
    ] as const;
    for (const [variables, code, field] of cases) {
      const result = await reclassify(officer, variables);
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, field });
    }
    // Not a class of the SDL: refused before any resolver runs.
    const invalidArea = await reclassify(officer, { code: '22801', area: 'REGION_IV', decision: 'X', on: '2030-01-01' });
    expect(invalidArea.errors?.[0]?.message).toMatch(/REGION_IV/);
    expect(await counts()).toEqual(before);
  });

  it('after a long random sequence of decisions, answers every commune and date as the decisions say', async () => {
    const random = new Random(861);
    const codes = ['22807', '22804', '22825', '22846'];
    const officer = officerOf('58');
    // What was decided, by commune: Decision 861 for those it lists, then whatever this sequence adds.
    const decided = new Map<string, { area: string; on: string }[]>(codes.map((c) => [c, []]));
    decided.get('22807')!.push({ area: 'REGION_III', on: '2021-06-04' });
    decided.get('22804')!.push({ area: 'REGION_III', on: '2021-06-04' });
    const outcomes = { ok: 0, conflict: 0 };
    const areas = ['REGION_I', 'REGION_II', 'REGION_III', 'NONE'];
    const dayOf = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let step = 0; step < 80; step++) {
      const code = random.pick(codes);
      const on = dayOf(random.int(0, 30 * 365));
      const area = random.pick(areas);
      const result = await reclassify(officer, { code, area, decision: `Random ${step} (synthetic)`, on });
      const latest = decided.get(code)!.at(-1);
      if (latest && on <= latest.on) {
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'effectiveOn' });
        outcomes.conflict++;
      } else {
        expect(result.errors).toBeUndefined();
        decided.get(code)!.push({ area, on });
        outcomes.ok++;
      }
    }
    expect(outcomes.ok).toBeGreaterThan(10);
    expect(outcomes.conflict).toBeGreaterThan(10);

    const expected = (code: string, on: string) => decided.get(code)!.filter((d) => d.on <= on).at(-1)?.area ?? 'NONE';
    const asks = Array.from({ length: 40 }, () => ({ code: random.pick(codes), on: dayOf(random.int(0, 32 * 365)) }));
    for (const d of [...decided.values()].flat().slice(0, 10)) asks.push({ code: codes.find((c) => decided.get(c)!.includes(d))!, on: d.on });
    subgraph.database.statements.reset();
    const result = await subgraph.execute<Entities<Record<string, string>>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code ${asks.map((a, i) => `a${i}: ethnicArea(on: "${a.on}")`).join(' ')} } } }`,
      { r: codes.map((code) => ({ __typename: 'Commune', code })) },
    );
    expect(result.errors).toBeUndefined();
    // Every commune asked on every date: one statement.
    expect(subgraph.database.statements.count).toBe(1);
    for (const entity of result.data!._entities) {
      asks.forEach((ask, i) => expect(entity[`a${i}`], `${entity.code} on ${ask.on}`).toBe(expected(entity.code!, ask.on)));
    }
    // And the history lists the decisions, each valid until the day before the next.
    const history = await subgraph.execute<Entities<{ code: string; ethnicAreaHistory: { area: string; effectiveOn: string; validUntil: string | null }[] }>>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code ethnicAreaHistory { area effectiveOn validUntil } } } }`,
      { r: codes.map((code) => ({ __typename: 'Commune', code })) },
    );
    for (const entity of history.data!._entities) {
      const list = decided.get(entity.code)!;
      expect(entity.ethnicAreaHistory.map((h) => ({ area: h.area, on: h.effectiveOn }))).toEqual(list);
      entity.ethnicAreaHistory.forEach((h, i) => {
        const next = list[i + 1];
        expect(h.validUntil).toBe(next ? new Date(Date.parse(next.on) - 86_400_000).toISOString().slice(0, 10) : null);
      });
    }
  });
});

/**
 * Two officers classifying one commune take turns: the second waits for the first one's decision, then sees it
 * and is refused when its own would not follow it. (Only PostgreSQL runs two transactions at once.)
 */
describe.runIf(process.env.DATABASE_URL)('reclassifications of one commune race (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(ethnic);
  });
  afterAll(() => subgraph?.close());

  it('makes the later writer wait and see the earlier one\'s decision', async () => {
    let write: Promise<{ errors?: readonly { extensions: Record<string, unknown> }[] }> | undefined;
    await subgraph.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ethnic.ethnic_area_history:22801'))`);
      await tx.execute(sql`insert into ethnic.ethnic_area_history (commune_code, area, decision, effective_on) values ('22801', 'REGION_II', 'First (synthetic)', '2040-01-01')`);
      write = subgraph.execute(RECLASSIFY, { code: '22801', area: 'REGION_I', decision: 'Second (synthetic)', on: '2035-01-01' }, { caller: officerOf('58') });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const result = await write!;
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'effectiveOn' });
    const rows = await subgraph.database.rows<{ decision: string }>(sql`select decision from ethnic.ethnic_area_history where commune_code = '22801' order by effective_on`);
    expect(rows.map((r) => r.decision)).toEqual(['861/QĐ-TTg', 'First (synthetic)']);
  });
});
