import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { front } from '../index';
import { frontStubGraph } from '../testing';
import { EFFECTIVE_FROM_RATING, isRatedEffective } from './effective';

const districtOfficer = testCaller({ department: 'FRONT', role: 'officer', area: '584', subject: 'front-584' });
const COMMEND = `mutation($input: CommendInput!) { commend(input: $input) { id date recipient recipientKind reason level unitCode model { id } commune { code } synthetic } }`;
const FLAG = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { id commendationFlag commendations { recipient } } } }`;
const rated = (id: string, rating: string | null) => ({ __typename: 'LivelihoodModel', id, evaluation: rating ? { rating } : null });

describe('Front commendations', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = districtOfficer) => subgraph.execute<any>(source, variables, { caller });
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;

  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph: frontStubGraph() }); });
  afterAll(() => subgraph?.close());

  it('counts GOOD and EXCELLENT as effective, from one named threshold', () => {
    expect(EFFECTIVE_FROM_RATING).toBe('GOOD');
    expect(['EXCELLENT', 'GOOD', 'FAIR', 'POOR', null].map((r) => isRatedEffective(r as never))).toEqual([true, true, false, false, false]);
  });

  it('commends a collective for a model, whatever DOLISA rates it: the rating is a flag on the model', async () => {
    const result = await run(COMMEND, { input: { unitCode: '584', date: '2024-12-20', recipient: 'Tổ hợp tác (synthetic)', recipientKind: 'COLLECTIVE', reason: 'Hiệu quả (test)', modelId: 'LM-22783-1' } });
    expect(result.errors).toBeUndefined();
    expect(result.data.commend).toMatchObject({ level: 'DISTRICT', unitCode: '584', model: { id: 'LM-22783-1' }, commune: { code: '22783' }, recipientKind: 'COLLECTIVE' });
    const flags = await subgraph.execute<any>(FLAG, { r: [rated('LM-22783-1', 'FAIR'), rated('LM-22783-1', null), rated('LM-22783-1', 'GOOD'), rated('LM-22786-1', 'POOR')] });
    expect(flags.errors).toBeUndefined();
    expect(flags.data._entities).toEqual([
      { id: 'LM-22783-1', commendationFlag: 'MODEL_NOT_RATED_EFFECTIVE', commendations: [{ recipient: 'Tổ hợp tác (synthetic)' }] },
      { id: 'LM-22783-1', commendationFlag: 'MODEL_NOT_RATED_EFFECTIVE', commendations: [{ recipient: 'Tổ hợp tác (synthetic)' }] },
      { id: 'LM-22783-1', commendationFlag: null, commendations: [{ recipient: 'Tổ hợp tác (synthetic)' }] },
      // Never commended: nothing to flag, whatever the rating.
      { id: 'LM-22786-1', commendationFlag: null, commendations: [] },
    ]);
  });

  it('commends a person of a commune, or a collective of the committee\'s unit alone', async () => {
    const person = await run(COMMEND, { input: { unitCode: '22786', date: '2024-06-01', recipient: 'Bà A (synthetic)', recipientKind: 'INDIVIDUAL', reason: 'Vươn lên thoát nghèo', communeCode: '22786' } },
      testCaller({ department: 'FRONT', role: 'supervisor', area: '22786' }));
    expect(person.data.commend).toMatchObject({ level: 'COMMUNE', model: null, commune: { code: '22786' } });
    const province = await run(COMMEND, { input: { unitCode: '58', date: '2024-11-18', recipient: 'Công ty B (synthetic)', recipientKind: 'COLLECTIVE', reason: 'Ủng hộ Quỹ' } },
      testCaller({ department: 'FRONT', role: 'officer', area: '58' }));
    expect(province.data.commend).toMatchObject({ level: 'PROVINCE', model: null, commune: null });
  });

  it('rejects bad input and callers outside the committee\'s area, writing nothing', async () => {
    const [before] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.commendations`);
    const base = { unitCode: '584', date: '2024-12-20', recipient: 'R (synthetic)', recipientKind: 'HOUSEHOLD', reason: 'Lý do' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ unitCode: '000' }, 'BAD_USER_INPUT', 'input.unitCode'],
      [{ modelId: 'LM-NOPE' }, 'NOT_FOUND', 'input.modelId'],
      [{ modelId: 'LM-22849-1' }, 'BAD_USER_INPUT', 'input.modelId'],
      [{ communeCode: '22849' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ modelId: 'LM-22783-1', communeCode: '22786' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ recipient: '' }, 'BAD_USER_INPUT', 'input.recipient'],
      [{ date: '2999-01-01' }, 'BAD_USER_INPUT', 'input.date'],
    ];
    for (const [change, code, field] of cases) expect(errorOf(await run(COMMEND, { input: { ...base, ...change } })), field).toMatchObject({ code, field });
    expect(errorOf(await run(COMMEND, { input: base }, testCaller({ department: 'FRONT', role: 'officer', area: '22783' })))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await run(COMMEND, { input: base }, testCaller({ department: 'PROVINCE', role: 'officer', area: '58' })))).toMatchObject({ code: 'FORBIDDEN' });
    const [after] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.commendations`);
    expect(after).toEqual(before);
  });

  it('lists a year\'s commendations in an area, a commendation of a model counting where the model is', async () => {
    const list = async (year: number, areaCode?: string) => {
      const result = await run(`query($year: Int!, $area: ID!) { commendations(year: $year, areaCode: $area) { recipient level } }`, { year, area: areaCode ?? '58' });
      expect(result.errors).toBeUndefined();
      return result.data.commendations.map((c: any) => c.recipient);
    };
    expect(await list(2024)).toEqual(['Bà A (synthetic)', 'Công ty B (synthetic)', 'Tổ hợp tác (synthetic)']);
    expect(await list(2024, '584')).toEqual(['Bà A (synthetic)', 'Tổ hợp tác (synthetic)']);
    expect(await list(2024, '22783')).toEqual(['Tổ hợp tác (synthetic)']);
    expect(await list(2023)).toEqual([]);
    expect((await run(`{ commendations(year: 3000) { id } }`)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });
});
