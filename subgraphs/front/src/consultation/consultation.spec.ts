import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { front } from '../index';
import { addDays } from '../seed/programme';
import { frontStubGraph } from '../testing';

const communeOfficer = testCaller({ department: 'FRONT', role: 'officer', area: '22783', subject: 'front-22783' });
const RECORD = `mutation($input: RecordConsultationInput!) { recordConsultation(input: $input) { id model { id } commune { code } date participants agree disagree abstain agreeRate minutes synthetic } }`;
const FLAGS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { id consensusRate consensusFlag consultations { date agree participants } } } }`;

/** A model as the gateway sends it after asking DOLISA for the fields the flags require. */
const model = (id: string, status: string, history: [string | null, string, string][]) => ({
  __typename: 'LivelihoodModel', id, status, statusHistory: history.map(([from, to, on]) => ({ from, to, on })),
});
const APPROVED_ON = '2024-03-01';
const history = (status: string): [string | null, string, string][] => [
  [null, 'PROPOSED', '2024-01-15'], ['PROPOSED', 'APPROVED', APPROVED_ON],
  ...(status === 'ACTIVE' || status === 'COMPLETED' ? [['APPROVED', 'ACTIVE', '2024-04-01'] as [string, string, string]] : []),
  ...(status === 'COMPLETED' ? [['ACTIVE', 'COMPLETED', '2024-12-01'] as [string, string, string]] : []),
];

describe('Front consultations and the consensus flags', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: communeOfficer });
  const flags = async (...representations: object[]) => {
    const result = await subgraph.execute<any>(FLAGS, { r: representations });
    expect(result.errors).toBeUndefined();
    return result.data._entities;
  };
  const count = async () => (await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from front.consultations`))[0]!.n;

  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph: frontStubGraph() }); });
  afterAll(() => subgraph?.close());

  it('flags a model approved, active or completed without a consultation, and no other status', async () => {
    const statuses = ['PROPOSED', 'APPROVED', 'ACTIVE', 'COMPLETED', 'SUSPENDED'];
    const answers = await flags(...statuses.map((s) => model('LM-22783-1', s, s === 'PROPOSED' ? [[null, 'PROPOSED', '2024-01-15']] : history(s))));
    expect(answers.map((a: any) => a.consensusFlag)).toEqual([null, 'NO_CONSULTATION', 'NO_CONSULTATION', 'NO_CONSULTATION', null]);
    expect(answers.every((a: any) => a.consensusRate === null)).toBe(true);
  });

  it('rejects counts that do not add up, and other bad input, writing nothing', async () => {
    const base = { modelId: 'LM-22783-1', date: '2024-02-20', participants: 100, agree: 80, disagree: 15, abstain: 5 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ abstain: 6 }, 'BAD_USER_INPUT', 'input.participants'],
      [{ participants: 0, agree: 0, disagree: 0, abstain: 0 }, 'BAD_USER_INPUT', 'input.participants'],
      [{ agree: -1, disagree: 96 }, 'BAD_USER_INPUT', 'input.agree'],
      [{ date: addDays(todayInVietnam(), 1) }, 'BAD_USER_INPUT', 'input.date'],
      [{ minutes: ' ' }, 'BAD_USER_INPUT', 'input.minutes'],
      [{ modelId: 'LM-NOPE' }, 'NOT_FOUND', 'input.modelId'],
    ];
    for (const [change, code, field] of cases) {
      expect((await run(RECORD, { input: { ...base, ...change } })).errors?.[0]?.extensions, field).toMatchObject({ code, field });
    }
    expect(await count()).toBe(0);
    const outside = await subgraph.execute<any>(RECORD, { input: { ...base, modelId: 'LM-22849-1' } }, { caller: communeOfficer });
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(0);
  });

  it('takes the latest consultation on or before approval: a later one does not clear NO_CONSULTATION', async () => {
    const after = await run(RECORD, { input: { modelId: 'LM-22783-1', date: '2024-03-10', participants: 50, agree: 45, disagree: 5, abstain: 0 } });
    expect(after.errors).toBeUndefined();
    const [active] = await flags(model('LM-22783-1', 'ACTIVE', history('ACTIVE')));
    expect(active).toMatchObject({ consensusFlag: 'NO_CONSULTATION', consensusRate: null });
    // Not yet approved: the latest consultation so far is what the approval would rest on.
    const [proposed] = await flags(model('LM-22783-1', 'PROPOSED', [[null, 'PROPOSED', '2024-01-15']]));
    expect(proposed).toMatchObject({ consensusFlag: null, consensusRate: 0.9 });
  });

  it('clears the flag with a consultation before approval of 80 out of 100, and flags LOW_CONSENSUS below 0.7', async () => {
    const recorded = await run(RECORD, { input: { modelId: 'LM-22783-1', date: '2024-02-20', participants: 100, agree: 80, disagree: 15, abstain: 5, minutes: 'Họp dân thôn 1 (test)' } });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordConsultation).toMatchObject({
      model: { id: 'LM-22783-1' }, commune: { code: '22783' }, date: '2024-02-20', participants: 100, agree: 80, disagree: 15, abstain: 5, agreeRate: 0.8, synthetic: false,
    });
    const [cleared] = await flags(model('LM-22783-1', 'ACTIVE', history('ACTIVE')));
    expect(cleared).toMatchObject({ consensusFlag: null, consensusRate: 0.8 });
    expect(cleared.consultations.map((c: any) => c.date)).toEqual(['2024-02-20', '2024-03-10']);

    // A consultation on the approval day itself still counts; 69 of 100 is low.
    expect((await run(RECORD, { input: { modelId: 'LM-22783-1', date: APPROVED_ON, participants: 100, agree: 69, disagree: 31, abstain: 0 } })).errors).toBeUndefined();
    const [low] = await flags(model('LM-22783-1', 'COMPLETED', history('COMPLETED')));
    expect(low).toMatchObject({ consensusFlag: 'LOW_CONSENSUS', consensusRate: 0.69 });
  });

  it('answers 65 models in as many statements as one', async () => {
    const one = [model('LM-22783-1', 'ACTIVE', history('ACTIVE'))];
    const many = Array.from({ length: 65 }, (_, i) => model(`LM-X-${i}`, 'ACTIVE', history('ACTIVE')));
    subgraph.database.statements.reset();
    await flags(...one);
    const forOne = subgraph.database.statements.count;
    subgraph.database.statements.reset();
    const answers = await flags(...many);
    expect(answers.filter((a: any) => a.consensusFlag === 'NO_CONSULTATION')).toHaveLength(65);
    expect(subgraph.database.statements.count).toBe(forOne);
    expect(forOne).toBe(1);
  });

  it('never stores counts that do not add up', async () => {
    await expect(subgraph.database.db.execute(sql`insert into front.consultations (id, model_id, commune_code, held_on, participants, agree, disagree, abstain)
      values ('CX', 'LM-22783-1', '22783', '2024-01-01', 10, 5, 5, 1)`)).rejects.toThrow();
  });
});
