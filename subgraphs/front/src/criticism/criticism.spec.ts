import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { front } from '../index';
import { frontStubGraph } from '../testing';

const provinceOfficer = testCaller({ department: 'FRONT', role: 'officer', area: '58', subject: 'front-58' });
const RECORD = `mutation($input: RecordSocialCriticismInput!) { recordSocialCriticism(input: $input) {
  id level unitCode date subject documentRef model { id } commune { code } opinions { by stance text } outcome conclusion synthetic } }`;
const LIST = `query($area: ID!, $year: Int, $first: Int, $after: String) { socialCriticisms(areaCode: $area, year: $year, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id date unitCode } } } }`;
const opinion = (stance: string) => ({ by: 'Hội Nông dân (synthetic)', stance, text: 'Ý kiến (test)' });

describe('Front social criticism', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = provinceOfficer) => subgraph.execute<any>(source, variables, { caller });
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const counts = async () => (await subgraph.database.rows<Record<string, number>>(sql`
    select (select count(*) from front.social_criticisms)::int as sessions, (select count(*) from front.criticism_opinions)::int as opinions`))[0];

  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph: frontStubGraph() }); });
  afterAll(() => subgraph?.close());

  it('records sessions on a draft document and on a model, with their opinions in order and the outcome', async () => {
    const plan = await run(RECORD, { input: {
      unitCode: '58', date: '2023-03-10', subject: 'Dự thảo kế hoạch (test)', documentRef: 'Dự thảo 249/KHPH-UBND-MTTQ',
      opinions: [opinion('SUPPORT'), opinion('PROPOSE_CHANGE')], outcome: 'CHANGES_PROPOSED', conclusion: 'Bổ sung chỉ tiêu (test)',
    } });
    expect(plan.errors).toBeUndefined();
    expect(plan.data.recordSocialCriticism).toMatchObject({
      level: 'PROVINCE', unitCode: '58', documentRef: 'Dự thảo 249/KHPH-UBND-MTTQ', model: null, commune: null, outcome: 'CHANGES_PROPOSED',
      opinions: [{ by: 'Hội Nông dân (synthetic)', stance: 'SUPPORT', text: 'Ý kiến (test)' }, { by: 'Hội Nông dân (synthetic)', stance: 'PROPOSE_CHANGE', text: 'Ý kiến (test)' }],
    });
    const onModel = await run(RECORD, { input: {
      unitCode: '584', date: '2024-02-01', subject: 'Phương án mô hình (test)', modelId: 'LM-22783-1', opinions: [opinion('OPPOSE')], outcome: 'OBJECTED', conclusion: 'Chưa phù hợp (test)',
    } });
    expect(onModel.data.recordSocialCriticism).toMatchObject({ level: 'DISTRICT', model: { id: 'LM-22783-1' }, commune: { code: '22783' }, documentRef: null });
    const commune = await run(RECORD, { input: {
      unitCode: '22849', date: '2024-05-01', subject: 'Dự thảo xã (test)', documentRef: 'Dự thảo kế hoạch xã', opinions: [opinion('SUPPORT')], outcome: 'ENDORSED', conclusion: 'Thống nhất (test)',
    } });
    expect(commune.data.recordSocialCriticism).toMatchObject({ level: 'COMMUNE', commune: { code: '22849' } });
  });

  it('rejects bad input with the offending field, writing nothing', async () => {
    const before = await counts();
    const base = { unitCode: '584', date: '2024-02-01', subject: 'S (test)', documentRef: 'D', opinions: [opinion('SUPPORT')], outcome: 'ENDORSED', conclusion: 'C' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ unitCode: '5840' }, 'BAD_USER_INPUT', 'input.unitCode'],
      [{ documentRef: null }, 'BAD_USER_INPUT', 'input.documentRef'],
      [{ opinions: [] }, 'BAD_USER_INPUT', 'input.opinions'],
      [{ opinions: [opinion('SUPPORT'), { ...opinion('OPPOSE'), by: ' ' }] }, 'BAD_USER_INPUT', 'input.opinions.1.by'],
      [{ modelId: 'LM-22849-1' }, 'BAD_USER_INPUT', 'input.modelId'],
      [{ modelId: 'LM-NOPE' }, 'NOT_FOUND', 'input.modelId'],
      [{ conclusion: '' }, 'BAD_USER_INPUT', 'input.conclusion'],
    ];
    for (const [change, code, field] of cases) expect(errorOf(await run(RECORD, { input: { ...base, ...change } })), field).toMatchObject({ code, field });
    expect(errorOf(await run(RECORD, { input: base }, testCaller({ department: 'FRONT', role: 'supervisor', area: '22783' })))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await run(RECORD, { input: base }, testCaller({ department: 'DOLISA', role: 'officer', area: '58' })))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });

  it('lists an area\'s sessions newest first: a district sees its own and its communes\', not the province\'s', async () => {
    const ids = async (area: string, year?: number) => {
      const result = await run(LIST, { area, year });
      expect(result.errors).toBeUndefined();
      return { total: result.data.socialCriticisms.totalCount, units: result.data.socialCriticisms.edges.map((e: any) => e.node.unitCode) };
    };
    expect(await ids('58')).toEqual({ total: 3, units: ['22849', '584', '58'] });
    expect(await ids('584')).toEqual({ total: 1, units: ['584'] });
    expect(await ids('22783')).toEqual({ total: 1, units: ['584'] }); // on its model
    expect(await ids('588')).toEqual({ total: 1, units: ['22849'] });
    expect(await ids('58', 2023)).toEqual({ total: 1, units: ['58'] });
    const first = (await run(LIST, { area: '58', first: 2 })).data.socialCriticisms;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await run(LIST, { area: '58', first: 2, after: first.pageInfo.endCursor })).data.socialCriticisms;
    expect(rest.edges.map((e: any) => e.node.unitCode)).toEqual(['58']);
    expect(errorOf(await run(LIST, { area: '58', year: 1999 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(errorOf(await run(LIST, { area: 'x' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCode' });
  });
});
