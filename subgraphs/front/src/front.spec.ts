import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { front } from './index';

type Entities<T> = { _entities: (T | null)[] };
const refs = (typename: string, key: string, values: readonly string[]) => values.map((v) => ({ __typename: typename, [key]: v }));
const ENTITIES = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

describe('Fatherland Front supervision and recommendations', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(front);
    // A hand-made fixture: two supervisions of Phước Bình's model (2023 and 2024), one provincial visit to
    // Đô Vinh without a model, one supervision of Lợi Hải's model. Due dates are far in the past or far in the
    // future, so the computed statuses hold whatever day the test runs.
    await subgraph.database.db.execute(sql`
      insert into front.supervisions (id, level, commune_code, model_id, supervised_on, subject, findings, synthetic) values
        ('SV-A', 'COMMUNE', '22783', 'LM-22783-1', '2023-05-10', 'Consensus of participants', 'Selection was public', true),
        ('SV-B', 'DISTRICT', '22783', 'LM-22783-1', '2024-03-15', 'Progress', 'Seed stock late', true),
        ('SV-C', 'PROVINCE', '22738', null, '2024-07-01', 'Ward programme', 'On plan', false),
        ('SV-D', 'COMMUNE', '22849', 'LM-22849-1', '2024-09-20', 'Funding use', 'Receipts incomplete', true)`);
    await subgraph.database.db.execute(sql`
      insert into front.recommendations (id, supervision_id, commune_code, text, addressed_to, addressee_department, addressee_area, due_date, status, response, responded_on, synthetic) values
        ('R1', 'SV-A', '22783', 'Publish the participant list', 'UBND xã Phước Bình', 'PROVINCE', '22783', '2023-06-30', 'OPEN', null, null, true),
        ('R2', 'SV-A', '22783', 'Add eligible poor households', 'UBND xã Phước Bình', 'PROVINCE', '22783', '2023-07-15', 'RESPONDED', 'Two added', '2023-07-01', true),
        ('R3', 'SV-B', '22783', 'Deliver the seed stock', 'Sở NN&PTNT', 'AGRICULTURE', '58', '2099-12-31', 'OPEN', null, null, true),
        ('R4', 'SV-B', '22783', 'Train the households', 'Phòng LĐ-TB&XH', 'DOLISA', '584', '2024-05-01', 'RESOLVED', 'Done', '2024-04-20', true),
        ('R5', 'SV-D', '22849', 'Complete the receipts', 'Sở Tài chính', 'FINANCE', '58', '2024-11-30', 'OPEN', null, null, true)`);
  });
  afterAll(() => subgraph?.close());

  it("lists a commune's supervisions by year, with recommendations and OVERDUE computed on read", async () => {
    const result = await subgraph.execute<Entities<Record<string, unknown>>>(
      ENTITIES(`... on Commune {
        code
        all: supervisions { id level date subject findings synthetic commune { code name } livelihoodModel { id }
          recommendations { id text addressedTo addressee { department area } dueDate status response respondedOn synthetic } }
        y2023: supervisions(year: 2023) { id }
        y2024: supervisions(year: 2024) { id }
      }`),
      { r: refs('Commune', 'code', ['22783', '22738', '22807']) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        code: '22783',
        all: [
          {
            id: 'SV-A', level: 'COMMUNE', date: '2023-05-10', subject: 'Consensus of participants', findings: 'Selection was public', synthetic: true,
            commune: { code: '22783', name: 'Phước Bình' }, livelihoodModel: { id: 'LM-22783-1' },
            recommendations: [
              { id: 'R1', text: 'Publish the participant list', addressedTo: 'UBND xã Phước Bình', addressee: { department: 'PROVINCE', area: '22783' }, dueDate: '2023-06-30', status: 'OVERDUE', response: null, respondedOn: null, synthetic: true },
              { id: 'R2', text: 'Add eligible poor households', addressedTo: 'UBND xã Phước Bình', addressee: { department: 'PROVINCE', area: '22783' }, dueDate: '2023-07-15', status: 'RESPONDED', response: 'Two added', respondedOn: '2023-07-01', synthetic: true },
            ],
          },
          {
            id: 'SV-B', level: 'DISTRICT', date: '2024-03-15', subject: 'Progress', findings: 'Seed stock late', synthetic: true,
            commune: { code: '22783', name: 'Phước Bình' }, livelihoodModel: { id: 'LM-22783-1' },
            recommendations: [
              { id: 'R4', text: 'Train the households', addressedTo: 'Phòng LĐ-TB&XH', addressee: { department: 'DOLISA', area: '584' }, dueDate: '2024-05-01', status: 'RESOLVED', response: 'Done', respondedOn: '2024-04-20', synthetic: true },
              { id: 'R3', text: 'Deliver the seed stock', addressedTo: 'Sở NN&PTNT', addressee: { department: 'AGRICULTURE', area: '58' }, dueDate: '2099-12-31', status: 'OPEN', response: null, respondedOn: null, synthetic: true },
            ],
          },
        ],
        y2023: [{ id: 'SV-A' }],
        y2024: [{ id: 'SV-B' }],
      },
      {
        code: '22738',
        all: [{
          id: 'SV-C', level: 'PROVINCE', date: '2024-07-01', subject: 'Ward programme', findings: 'On plan', synthetic: false,
          commune: { code: '22738', name: 'Đô Vinh' }, livelihoodModel: null, recommendations: [],
        }],
        y2023: [],
        y2024: [{ id: 'SV-C' }],
      },
      { code: '22807', all: [], y2023: [], y2024: [] },
    ]);
  });

  it('adds supervisions to livelihood models, an unknown model having none', async () => {
    const result = await subgraph.execute<Entities<{ id: string; supervisions: { id: string; recommendations: { status: string }[] }[] }>>(
      ENTITIES(`... on LivelihoodModel { id supervisions { id recommendations { status } } }`),
      { r: refs('LivelihoodModel', 'id', ['LM-22783-1', 'LM-22849-1', 'LM-99999-1']) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: 'LM-22783-1', supervisions: [
        { id: 'SV-A', recommendations: [{ status: 'OVERDUE' }, { status: 'RESPONDED' }] },
        { id: 'SV-B', recommendations: [{ status: 'RESOLVED' }, { status: 'OPEN' }] },
      ] },
      { id: 'LM-22849-1', supervisions: [{ id: 'SV-D', recommendations: [{ status: 'OVERDUE' }] }] },
      { id: 'LM-99999-1', supervisions: [] },
    ]);
  });

  it('resolves Supervision and Recommendation references in one statement each, null when unknown', async () => {
    subgraph.database.statements.reset();
    const supervisions = await subgraph.execute<Entities<Record<string, unknown>>>(
      ENTITIES(`... on Supervision { id level date commune { code } livelihoodModel { id } }`),
      { r: refs('Supervision', 'id', ['SV-D', 'SV-C', 'SV-NONE']) },
    );
    expect(supervisions.errors).toBeUndefined();
    expect(supervisions.data!._entities).toEqual([
      { id: 'SV-D', level: 'COMMUNE', date: '2024-09-20', commune: { code: '22849' }, livelihoodModel: { id: 'LM-22849-1' } },
      { id: 'SV-C', level: 'PROVINCE', date: '2024-07-01', commune: { code: '22738' }, livelihoodModel: null },
      null,
    ]);
    expect(subgraph.database.statements.count).toBe(1);

    subgraph.database.statements.reset();
    const recommendations = await subgraph.execute<Entities<Record<string, unknown>>>(
      ENTITIES(`... on Recommendation { id status dueDate supervision { id date } }`),
      { r: refs('Recommendation', 'id', ['R5', 'R3', 'R2', 'R-NONE']) },
    );
    expect(recommendations.errors).toBeUndefined();
    expect(recommendations.data!._entities).toEqual([
      { id: 'R5', status: 'OVERDUE', dueDate: '2024-11-30', supervision: { id: 'SV-D', date: '2024-09-20' } },
      { id: 'R3', status: 'OPEN', dueDate: '2099-12-31', supervision: { id: 'SV-B', date: '2024-03-15' } },
      { id: 'R2', status: 'RESPONDED', dueDate: '2023-07-15', supervision: { id: 'SV-A', date: '2023-05-10' } },
      null,
    ]);
    // One statement for the recommendations, one for their supervisions.
    expect(subgraph.database.statements.count).toBe(2);
  });

  it('answers all 65 communes in the same number of statements as one', async () => {
    const query = ENTITIES(`... on Commune { code supervisions { date livelihoodModel { id } recommendations { status } } y2024: supervisions(year: 2024) { id } }`);
    subgraph.database.statements.reset();
    const one = await subgraph.execute(query, { r: refs('Commune', 'code', ['22783']) });
    expect(one.errors).toBeUndefined();
    const forOne = subgraph.database.statements.count;

    subgraph.database.statements.reset();
    const all = await subgraph.execute<Entities<{ code: string; supervisions: unknown[] }>>(query, { r: refs('Commune', 'code', communes.map((c) => c.code)) });
    expect(all.errors).toBeUndefined();
    expect(all.data!._entities).toHaveLength(65);
    expect(all.data!._entities.reduce((n, e) => n + e!.supervisions.length, 0)).toBe(4);
    expect(subgraph.database.statements.count).toBe(forOne);
    // Supervisions, then their recommendations.
    expect(forOne).toBe(2);
  });

  it('rejects a year outside 2000-2100 with BAD_USER_INPUT on field "year"', async () => {
    const result = await subgraph.execute(ENTITIES(`... on Commune { supervisions(year: 1999) { id } }`), { r: refs('Commune', 'code', ['22783']) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });

  it('never stores OVERDUE, a level outside the three, a recommendation of an unknown supervision or an unknown addressee department', async () => {
    await expect(subgraph.database.db.execute(sql`
      insert into front.recommendations (id, supervision_id, commune_code, text, addressed_to, addressee_department, addressee_area, due_date, status) values ('RX', 'SV-A', '22783', 't', 'a', 'DOLISA', '58', '2023-01-01', 'OVERDUE')`)).rejects.toThrow();
    await expect(subgraph.database.db.execute(sql`
      insert into front.supervisions (id, level, commune_code, supervised_on, subject, findings) values ('SVX', 'VILLAGE', '22783', '2024-01-01', 's', 'f')`)).rejects.toThrow();
    await expect(subgraph.database.db.execute(sql`
      insert into front.recommendations (id, supervision_id, commune_code, text, addressed_to, addressee_department, addressee_area, due_date, status) values ('RY', 'SV-NONE', '22783', 't', 'a', 'DOLISA', '58', '2023-01-01', 'OPEN')`)).rejects.toThrow();
    await expect(subgraph.database.db.execute(sql`
      insert into front.recommendations (id, supervision_id, commune_code, text, addressed_to, addressee_department, addressee_area, due_date, status) values ('RZ', 'SV-A', '22783', 't', 'a', 'MINISTRY', '58', '2023-01-01', 'OPEN')`)).rejects.toThrow();
  });
});
