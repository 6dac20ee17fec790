import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { addDays } from '../dates';
import { agriculture } from '../index';
import { registryGraph, tableState } from '../spec-helpers';

const officer = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '584', subject: 'agri-584' });
const RECORD = `mutation($input: TechnicalSupportInput!) { recordTechnicalSupport(input: $input) {
  id kind date provider technique { code name nameVi } householdsReached households { household { id } flags } cost note status version
  history { version change reason recordedBy householdIds } model { id } } }`;
const CORRECT = `mutation($id: ID!, $v: Int!, $input: TechnicalSupportCorrection!, $reason: String!) {
  correctTechnicalSupport(id: $id, expectedVersion: $v, input: $input, reason: $reason) {
    id kind technique { code } householdsReached households { household { id } } version history { version change reason householdsReached householdIds } } }`;
const CANCEL = `mutation($id: ID!, $reason: String!, $v: Int) { cancelTechnicalSupport(id: $id, reason: $reason, expectedVersion: $v) { id status cancelledOn cancellationReason version history { change reason } } }`;
const SUMMARY = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Commune { agricultureSupport(year: 2025) {
  supportEvents householdsReached cost byKind { kind events householdsReached } techniques { technique { code } models households events } } } } }`;

describe('technical support: record, correct, cancel', () => {
  const graph = registryGraph({
    models: { 'LM-22783-1': { communeCode: '22783' }, 'LM-22786-1': { communeCode: '22786' }, 'LM-22738-1': { communeCode: '22738' } },
    households: { 'H-1': { communeCode: '22783' }, 'H-2': { communeCode: '22783' }, 'H-3': { communeCode: '22783' }, 'H-9': { communeCode: '22738' } },
  });
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>, caller = officer) => subgraph.execute<any>(source, variables, { caller });
  const transfer = {
    modelId: 'LM-22783-1', kind: 'TECHNOLOGY_TRANSFER', date: '2025-10-15', provider: 'Trạm Khuyến nông Bác Ái', techniqueCode: 'DRIP_IRRIGATION',
    householdIds: ['H-2', 'H-1', 'H-3'], cost: 12_000_000,
  };
  const summary = async () => (await subgraph.execute<any>(SUMMARY, { reps: [{ __typename: 'Commune', code: '22783' }] })).data._entities[0].agricultureSupport;
  let id: string;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture, { graph });
  });
  afterAll(() => subgraph?.close());

  it('records a technology transfer naming its technique and households: the reach is their count, each asked of DOLISA once', async () => {
    const before = graph.calls();
    const result = await run(RECORD, { input: transfer });
    expect(result.errors).toBeUndefined();
    // One lookup for the model (shared by the area check and the service), one for the households.
    expect(graph.calls() - before).toBe(2);
    const support = result.data.recordTechnicalSupport;
    id = support.id;
    expect(id).toMatch(/^TS-LM-22783-1-[0-9A-F]{8}$/);
    expect(support).toMatchObject({
      kind: 'TECHNOLOGY_TRANSFER', date: '2025-10-15', technique: { code: 'DRIP_IRRIGATION', name: 'Drip irrigation', nameVi: 'Tưới nhỏ giọt tiết kiệm nước' },
      householdsReached: 3, cost: 12_000_000, note: null, status: 'RECORDED', version: 1, model: { id: 'LM-22783-1' },
      history: [{ version: 1, change: 'RECORDED', reason: null, recordedBy: 'agri-584', householdIds: ['H-1', 'H-2', 'H-3'] }],
    });
    // A mutation's result carries no participants: the flags are unknown there, not "all well".
    expect(support.households).toEqual(['H-1', 'H-2', 'H-3'].map((h) => ({ household: { id: h }, flags: null })));
    const [audit] = await subgraph.database.rows<{ operation: string; entity: string; outcome: string; units: string[] }>(
      sql`select operation, entity, outcome, units from agriculture.audit_log where entity_key = ${id}`);
    expect(audit).toEqual({ operation: 'recordTechnicalSupport', entity: 'TechnicalSupport', outcome: 'OK', units: ['22783'] });
    expect(await summary()).toEqual({
      supportEvents: 1, householdsReached: 3, cost: 12_000_000, byKind: [{ kind: 'TECHNOLOGY_TRANSFER', events: 1, householdsReached: 3 }],
      techniques: [{ technique: { code: 'DRIP_IRRIGATION' }, models: 1, households: 3, events: 1 }],
    });
  });

  it('flags a listed household that is not a participant, from DOLISA\'s participants read with the model', async () => {
    const result = await subgraph.execute<any>(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel {
      technicalSupports { id households { household { id } flags } } } } }`, {
      reps: [{ __typename: 'LivelihoodModel', id: 'LM-22783-1', participants: [{ household: { id: 'H-1' } }, { household: { id: 'H-2' } }] }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].technicalSupports).toEqual([{ id, households: [
      { household: { id: 'H-1' }, flags: [] }, { household: { id: 'H-2' }, flags: [] }, { household: { id: 'H-3' }, flags: ['NOT_A_PARTICIPANT'] },
    ] }]);
  });

  it('lists a household\'s support by year, flagged from its own participations (withdrawn ones do not count)', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household {
      id y2025: technicalSupports(year: 2025) { id households { household { id } flags } } y2024: technicalSupports(year: 2024) { id } all: technicalSupports { id } } } }`;
    const result = await subgraph.execute<any>(query, { reps: [
      { __typename: 'Household', id: 'H-1', livelihoodModels: [{ model: { id: 'LM-22783-1' }, withdrawnOn: null }] },
      { __typename: 'Household', id: 'H-2', livelihoodModels: [{ model: { id: 'LM-22783-1' }, withdrawnOn: '2025-09-30' }] },
      { __typename: 'Household', id: 'H-9', livelihoodModels: [] },
    ] });
    expect(result.errors).toBeUndefined();
    const [h1, h2, h9] = result.data._entities;
    const flagsOf = (h: any, household: string) => h.y2025[0].households.find((x: any) => x.household.id === household).flags;
    expect(h1.y2025.map((s: any) => s.id)).toEqual([id]);
    expect(flagsOf(h1, 'H-1')).toEqual([]);
    expect(flagsOf(h1, 'H-2')).toBeNull(); // only the household's own participation is known on this path
    expect(flagsOf(h2, 'H-2')).toEqual(['NOT_A_PARTICIPANT']);
    expect(h1.y2024).toEqual([]);
    expect(h1.all).toEqual([{ id }]);
    expect(h9).toEqual({ id: 'H-9', y2025: [], y2024: [], all: [] });
  });

  it('corrects an event with its version and a reason, keeping the earlier version; the summary follows', async () => {
    const input = { kind: 'TRAINING', date: '2025-10-16', provider: 'Trạm Khuyến nông Bác Ái', householdsReached: 25 };
    const stale = await run(CORRECT, { id, v: 0, input, reason: 'Was a training (test)' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
    const result = await run(CORRECT, { id, v: 1, input, reason: 'Was a training (test)' });
    expect(result.errors).toBeUndefined();
    expect(result.data.correctTechnicalSupport).toEqual({
      id, kind: 'TRAINING', technique: null, householdsReached: 25, households: [], version: 2,
      history: [
        { version: 1, change: 'RECORDED', reason: null, householdsReached: 3, householdIds: ['H-1', 'H-2', 'H-3'] },
        { version: 2, change: 'CORRECTED', reason: 'Was a training (test)', householdsReached: 25, householdIds: [] },
      ],
    });
    const same = await run(CORRECT, { id, v: 2, input, reason: 'Again (test)' });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(await summary()).toEqual({
      supportEvents: 1, householdsReached: 25, cost: 0, byKind: [{ kind: 'TRAINING', events: 1, householdsReached: 25 }], techniques: [],
    });
  });

  it('cancels an event: it stops counting and stays readable with its reason; a second cancellation is a CONFLICT', async () => {
    const result = await run(CANCEL, { id, reason: 'Recorded twice (test)', v: 2 });
    expect(result.errors).toBeUndefined();
    expect(result.data.cancelTechnicalSupport).toMatchObject({
      id, status: 'CANCELLED', cancelledOn: todayInVietnam(), cancellationReason: 'Recorded twice (test)', version: 3,
      history: [{ change: 'RECORDED' }, { change: 'CORRECTED' }, { change: 'CANCELLED', reason: 'Recorded twice (test)' }],
    });
    expect(await summary()).toEqual({ supportEvents: 0, householdsReached: 0, cost: 0, byKind: [], techniques: [] });
    const listed = await subgraph.execute<any>(`{ _entities(representations: [{ __typename: "LivelihoodModel", id: "LM-22783-1" }]) { ... on LivelihoodModel {
      live: technicalSupports { id } all: technicalSupports(includeCancelled: true) { id status } } } }`);
    expect(listed.data._entities[0]).toEqual({ live: [], all: [{ id, status: 'CANCELLED' }] });
    expect((await run(CANCEL, { id, reason: 'Again (test)' })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    const correction = await run(CORRECT, { id, v: 3, input: { kind: 'TRAINING', date: '2025-10-16', provider: 'x', householdsReached: 1 }, reason: 'x' });
    expect(correction.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it('refuses bad input of every kind naming the field, and leaves the database unchanged', async () => {
    const tomorrow = addDays(todayInVietnam(), 1);
    const base = { modelId: 'LM-22783-1', kind: 'TRAINING', date: '2025-05-01', provider: 'Trạm Khuyến nông Bác Ái', householdsReached: 10 };
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['unknown model', { ...base, modelId: 'LM-99999-1' }, 'NOT_FOUND', 'input.modelId'],
      ['a date in the future', { ...base, date: tomorrow }, 'BAD_USER_INPUT', 'input.date'],
      ['a transfer without technique', { ...base, kind: 'TECHNOLOGY_TRANSFER' }, 'BAD_USER_INPUT', 'input.techniqueCode'],
      ['an unknown technique', { ...base, techniqueCode: 'TELEPATHY' }, 'BAD_USER_INPUT', 'input.techniqueCode'],
      ['an unknown household', { ...base, householdsReached: undefined, householdIds: ['H-1', 'H-404'] }, 'NOT_FOUND', 'input.householdIds.1'],
      ['a household listed twice', { ...base, householdsReached: undefined, householdIds: ['H-1', 'H-1'] }, 'BAD_USER_INPUT', 'input.householdIds.1'],
      ['an empty list', { ...base, householdsReached: undefined, householdIds: [] }, 'BAD_USER_INPUT', 'input.householdIds'],
      ['a count that contradicts the list', { ...base, householdsReached: 5, householdIds: ['H-1'] }, 'BAD_USER_INPUT', 'input.householdsReached'],
      ['no reach at all', { ...base, householdsReached: undefined }, 'BAD_USER_INPUT', 'input.householdsReached'],
      ['a negative reach', { ...base, householdsReached: -1 }, 'BAD_USER_INPUT', 'input.householdsReached'],
      ['a negative cost', { ...base, cost: -5 }, 'BAD_USER_INPUT', 'input.cost'],
      ['a blank provider', { ...base, provider: '  ' }, 'BAD_USER_INPUT', 'input.provider'],
    ];
    const state = await tableState(subgraph.database);
    for (const [what, input, code, field] of cases) {
      const result = await run(RECORD, { input });
      expect(result.errors?.[0]?.extensions, what).toMatchObject({ code, field });
      expect(result.data, what).toBeNull();
    }
    for (const [what, source, variables, code, field] of [
      ['correct an unknown event', CORRECT, { id: 'TS-NONE', v: 1, input: { kind: 'TRAINING', date: '2025-01-01', provider: 'x', householdsReached: 1 }, reason: 'x' }, 'NOT_FOUND', 'id'],
      ['cancel without a reason', CANCEL, { id, reason: ' ' }, 'BAD_USER_INPUT', 'reason'],
    ] as const) {
      expect((await run(source, variables)).errors?.[0]?.extensions, what).toMatchObject({ code, field });
    }
    expect(await tableState(subgraph.database)).toEqual(state);
  });

  it('refuses officers outside the model\'s area and other departments (FORBIDDEN, audited), and writes nothing when DOLISA cannot answer', async () => {
    const input = { ...transfer, householdIds: undefined, householdsReached: 4 };
    const count = async () => (await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from agriculture.technical_supports`))[0]!.n;
    const supports = await count();
    const callers = [
      testCaller({ department: 'AGRICULTURE', role: 'officer', area: '582', subject: 'agri-582' }),
      testCaller({ department: 'DOLISA', role: 'officer', area: '58', subject: 'dolisa-58' }),
      testCaller({ department: 'AGRICULTURE', role: 'analyst', area: '58', subject: 'agri-analyst' }),
    ];
    for (const caller of callers) {
      const result = await run(RECORD, { input }, caller);
      expect(result.errors?.[0]?.extensions, caller.subject).toMatchObject({ code: 'FORBIDDEN' });
      const [denied] = await subgraph.database.rows<{ outcome: string; entity_key: string; operation: string }>(
        sql`select outcome, entity_key, operation from agriculture.audit_log where subject = ${caller.subject} order by id desc limit 1`);
      expect(denied, caller.subject).toEqual({ outcome: 'DENIED', entity_key: 'LM-22783-1', operation: 'recordTechnicalSupport' });
    }
    graph.down(true);
    try {
      const result = await run(RECORD, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      graph.down(false);
    }
    expect(await count()).toBe(supports);
    // A commune officer may write for models of its own commune only.
    const commune = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '22783', subject: 'agri-22783' });
    expect((await run(RECORD, { input }, commune)).errors).toBeUndefined();
    expect((await run(RECORD, { input: { ...input, modelId: 'LM-22786-1' } }, commune)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
