import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { addDays } from '../seed/programme';
import { frontStubGraph } from '../testing';

const districtSupervisor = testCaller({ department: 'FRONT', role: 'supervisor', area: '584', subject: 'front-584' });
const dolisa584 = testCaller({ department: 'DOLISA', role: 'officer', area: '584', subject: 'dolisa-584' });
const today = todayInVietnam();
const past = (days: number) => addDays(today, -days);

const RECORD = `mutation($input: RecordSupervisionInput!) { recordSupervision(input: $input) {
  id level date commune { code } livelihoodModel { id }
  recommendations { id text addressedTo addressee { department area } dueDate status history { from to on note recordedBy } }
} }`;
const RESPOND = `mutation($id: ID!, $response: String!, $on: Date!) { respondToRecommendation(id: $id, response: $response, respondedOn: $on) { id status response respondedOn } }`;
const RESOLVE = `mutation($id: ID!, $on: Date!, $note: String) { resolveRecommendation(id: $id, resolvedOn: $on, note: $note) { id status resolvedOn resolutionNote history { from to on } } }`;
const LIST = `query($area: ID!, $status: RecommendationStatus, $first: Int, $after: String) {
  recommendations(areaCode: $area, status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status dueDate } } }
}`;

describe('Front supervision writes and recommendation follow-up', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const graph = frontStubGraph();
  const as = (caller: ReturnType<typeof testCaller>) => (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller });
  const front584 = as(districtSupervisor);
  const errorOf = (result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const counts = async () => (await subgraph.database.rows<Record<string, number>>(sql`
    select (select count(*) from front.supervisions)::int as supervisions, (select count(*) from front.recommendations)::int as recommendations,
      (select count(*) from front.recommendation_events)::int as events, (select count(*) from front.audit_log where outcome = 'OK')::int as audited`))[0];

  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph }); });
  afterAll(() => subgraph?.close());

  let supervisionId: string;
  let toDolisa: string;
  let toAgriculture: string;
  it('records a district supervision of a model with two recommendations, the commune taken from the model through the graph', async () => {
    const result = await front584(RECORD, { input: {
      level: 'DISTRICT', modelId: 'LM-22783-1', date: past(60), subject: 'Tiến độ mô hình (test)', findings: 'Giống cấp chậm (test)',
      recommendations: [
        { text: 'Đẩy nhanh cấp giống', addressee: { department: 'DOLISA', area: '584' }, dueDate: past(30) },
        { text: 'Tập huấn kỹ thuật', addressee: { department: 'AGRICULTURE', area: '58' }, addressedTo: 'Sở NN&PTNT', dueDate: addDays(today, 30) },
      ],
    } });
    expect(result.errors).toBeUndefined();
    const supervision = result.data.recordSupervision;
    expect(supervision).toMatchObject({ level: 'DISTRICT', date: past(60), commune: { code: '22783' }, livelihoodModel: { id: 'LM-22783-1' } });
    expect(supervision.recommendations).toEqual([
      {
        id: expect.stringMatching(/^RC-/), text: 'Đẩy nhanh cấp giống', addressedTo: 'Lao động - Thương binh và Xã hội (Huyện Bác Ái)',
        addressee: { department: 'DOLISA', area: '584' }, dueDate: past(30), status: 'OVERDUE',
        history: [{ from: null, to: 'OPEN', on: past(60), note: null, recordedBy: 'front-584' }],
      },
      {
        id: expect.stringMatching(/^RC-/), text: 'Tập huấn kỹ thuật', addressedTo: 'Sở NN&PTNT', addressee: { department: 'AGRICULTURE', area: '58' },
        dueDate: addDays(today, 30), status: 'OPEN', history: [{ from: null, to: 'OPEN', on: past(60), note: null, recordedBy: 'front-584' }],
      },
    ]);
    supervisionId = supervision.id;
    [toDolisa, toAgriculture] = supervision.recommendations.map((r: { id: string }) => r.id);
    const [audited] = await subgraph.database.rows<{ entities: string[] }>(sql`
      select array_agg(entity order by id) as entities from front.audit_log where outcome = 'OK' and subject = 'front-584'`);
    expect(audited!.entities).toEqual(['Supervision', 'Recommendation', 'Recommendation']);
  });

  it('rejects bad input with the offending field and writes nothing', async () => {
    const before = await counts();
    const base = { level: 'DISTRICT', modelId: 'LM-22783-1', date: past(10), subject: 'S (test)', findings: 'F (test)' };
    const recommendation = { text: 'T', addressee: { department: 'DOLISA', area: '584' }, dueDate: past(5) };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ date: addDays(today, 1) }, 'BAD_USER_INPUT', 'input.date'],
      [{ subject: '  ' }, 'BAD_USER_INPUT', 'input.subject'],
      [{ modelId: null }, 'BAD_USER_INPUT', 'input.modelId'],
      [{ modelId: null, communeCode: '99999' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ communeCode: '22786' }, 'BAD_USER_INPUT', 'input.communeCode'],
      [{ modelId: 'LM-NOPE' }, 'NOT_FOUND', 'input.modelId'],
      [{ recommendations: [recommendation, { ...recommendation, dueDate: past(11) }] }, 'BAD_USER_INPUT', 'input.recommendations.1.dueDate'],
      [{ recommendations: [{ ...recommendation, addressee: { department: 'DOLISA', area: '999' } }] }, 'BAD_USER_INPUT', 'input.recommendations.0.addressee.area'],
      [{ recommendations: [{ ...recommendation, text: '' }] }, 'BAD_USER_INPUT', 'input.recommendations.0.text'],
      [{ recommendations: Array.from({ length: 21 }, () => recommendation) }, 'BAD_USER_INPUT', 'input.recommendations'],
    ];
    for (const [change, code, field] of cases) {
      expect(errorOf(await front584(RECORD, { input: { ...base, ...change } })), field).toMatchObject({ code, field });
    }
    // The first recommendation of the failing call was written before the second failed: the rollback took it back.
    expect(await counts()).toEqual(before);
  });

  it('refuses callers outside the Front or outside the committee\'s area, and audits each refusal', async () => {
    const input = { level: 'DISTRICT', modelId: 'LM-22783-1', date: past(10), subject: 'S (test)', findings: 'F (test)' };
    const before = await counts();
    const refused = [
      testCaller({ department: 'DOLISA', role: 'officer', area: '58' }),
      testCaller({ department: 'FRONT', role: 'analyst', area: '58' }),
      testCaller({ department: 'FRONT', role: 'supervisor', area: '585' }),
      // A commune's committee cannot record what the district's committee did.
      testCaller({ department: 'FRONT', role: 'officer', area: '22783' }),
    ];
    for (const caller of refused) expect(errorOf(await as(caller)(RECORD, { input }))).toMatchObject({ code: 'FORBIDDEN' });
    const provinceLevel = await front584(RECORD, { input: { ...input, level: 'PROVINCE' } });
    expect(provinceLevel.errors?.[0]?.message).toMatch(/Unit 58 is outside your area \(district 584\)/);
    expect(await counts()).toEqual(before);
    const [denied] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.audit_log where operation = 'recordSupervision' and outcome = 'DENIED'`);
    expect(denied!.n).toBe(refused.length + 1);
  });

  it('lets only officers of the addressed department and area respond', async () => {
    const refused = [
      testCaller({ department: 'FINANCE', role: 'officer', area: '58' }),
      testCaller({ department: 'DOLISA', role: 'officer', area: '585' }),
      testCaller({ department: 'DOLISA', role: 'officer', area: '22783' }), // the office addressed is the district's
      testCaller({ department: 'DOLISA', role: 'supervisor', area: '584' }),
      districtSupervisor,
    ];
    for (const caller of refused) {
      expect(errorOf(await as(caller)(RESPOND, { id: toDolisa, response: 'x', on: past(1) })), `${caller.department} ${caller.role} ${caller.area}`).toMatchObject({ code: 'FORBIDDEN' });
    }
    const [denied] = await subgraph.database.rows<{ n: number; areas: string }>(sql`
      select count(*)::int as n, max(units::text) as areas from front.audit_log where operation = 'respondToRecommendation' and outcome = 'DENIED' and entity_key = ${toDolisa}`);
    expect(denied).toEqual({ n: refused.length, areas: '{584}' });

    expect(errorOf(await as(dolisa584)(RESPOND, { id: toDolisa, response: 'x', on: addDays(today, 1) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'respondedOn' });
    expect(errorOf(await as(dolisa584)(RESPOND, { id: toDolisa, response: 'x', on: past(61) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'respondedOn' });
    expect(errorOf(await as(dolisa584)(RESPOND, { id: toDolisa, response: ' ', on: past(1) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'response' });
    expect(errorOf(await as(dolisa584)(RESPOND, { id: 'RC-NOPE', response: 'x', on: past(1) }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });

    const answered = await as(dolisa584)(RESPOND, { id: toDolisa, response: 'Đã cấp đủ giống', on: past(2) });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.respondToRecommendation).toEqual({ id: toDolisa, status: 'RESPONDED', response: 'Đã cấp đủ giống', respondedOn: past(2) });
    expect(errorOf(await as(dolisa584)(RESPOND, { id: toDolisa, response: 'again', on: past(1) }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it('resolves as the Front, keeping every step in the history', async () => {
    expect(errorOf(await as(dolisa584)(RESOLVE, { id: toDolisa, on: past(1) }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await front584(RESOLVE, { id: toDolisa, on: past(3) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolvedOn' });
    const resolved = await front584(RESOLVE, { id: toDolisa, on: past(1), note: 'Đã kiểm tra' });
    expect(resolved.data.resolveRecommendation).toEqual({
      id: toDolisa, status: 'RESOLVED', resolvedOn: past(1), resolutionNote: 'Đã kiểm tra',
      history: [{ from: null, to: 'OPEN', on: past(60) }, { from: 'OPEN', to: 'RESPONDED', on: past(2) }, { from: 'RESPONDED', to: 'RESOLVED', on: past(1) }],
    });
    expect(errorOf(await front584(RESOLVE, { id: toDolisa, on: past(1) }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    const edit = await subgraph.database.db.execute(sql`update front.recommendation_events set note = 'rewritten'`).catch((error: Error) => error);
    expect(String((edit as Error).cause ?? edit)).toMatch(/append-only/);
  });

  it('adds a recommendation to a supervision of the caller\'s area only', async () => {
    const ADD = `mutation($s: ID!, $input: RecommendationInput!) { addRecommendation(supervisionId: $s, input: $input) { id status addressee { department area } } }`;
    const input = { text: 'Công khai danh sách', addressee: { department: 'PROVINCE', area: '22783' }, dueDate: past(20) };
    expect(errorOf(await as(testCaller({ department: 'FRONT', role: 'officer', area: '22783' }))(ADD, { s: supervisionId, input }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await front584(ADD, { s: 'SV-NOPE', input }))).toMatchObject({ code: 'NOT_FOUND', field: 'supervisionId' });
    const added = await front584(ADD, { s: supervisionId, input });
    expect(added.data.addRecommendation).toMatchObject({ status: 'OVERDUE', addressee: { department: 'PROVINCE', area: '22783' } });
  });

  it('lists an area\'s recommendations by computed status, paged, with totals from the rollup', async () => {
    // A commune supervision in Lợi Hải (Thuận Bắc, 588) with an overdue recommendation that the district 584 must not see.
    const other = await as(testCaller({ department: 'FRONT', role: 'officer', area: '588' }))(RECORD, { input: {
      level: 'COMMUNE', modelId: 'LM-22849-1', date: past(100), subject: 'S (test)', findings: 'F (test)',
      recommendations: [{ text: 'T', addressee: { department: 'FINANCE', area: '58' }, dueDate: past(50) }],
    } });
    expect(other.errors).toBeUndefined();
    const list = async (area: string, status?: string, first?: number, after?: string) => (await front584(LIST, { area, status, first, after })).data.recommendations;

    const overdue584 = await list('584', 'OVERDUE');
    expect(overdue584.edges.map((e: any) => e.node.status)).toEqual(['OVERDUE']);
    expect(overdue584.totalCount).toBe(1);
    expect((await list('58', 'OVERDUE')).totalCount).toBe(2);
    expect((await list('22783', 'OPEN')).edges.map((e: any) => e.node.id)).toEqual([toAgriculture]);
    expect((await list('22783', 'RESOLVED')).edges.map((e: any) => e.node.id)).toEqual([toDolisa]);
    expect((await list('588')).totalCount).toBe(1);
    expect((await list('585')).totalCount).toBe(0);
    expect((await list('22786')).totalCount).toBe(0);

    const first = await list('58', undefined, 2);
    expect(first.totalCount).toBe(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await list('58', undefined, 2, first.pageInfo.endCursor);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const all = [...first.edges, ...rest.edges].map((e: any) => e.node);
    expect(all.map((n: any) => n.dueDate)).toEqual([...all.map((n: any) => n.dueDate)].sort());
    expect(new Set(all.map((n: any) => n.id)).size).toBe(4);

    expect(errorOf(await front584(LIST, { area: '99' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCode' });
    expect(errorOf(await front584(LIST, { area: '58', first: 501 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(errorOf(await front584(LIST, { area: '58', after: 'garbage' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('asks the graph about a model once per request, for the policy and the service together', async () => {
    graph.calls.length = 0;
    const result = await front584(RECORD, { input: { level: 'COMMUNE', modelId: 'LM-22786-1', date: past(5), subject: 'S (test)', findings: 'F (test)' } });
    expect(result.errors).toBeUndefined();
    expect(graph.calls).toEqual(['model:LM-22786-1']);
  });
});
