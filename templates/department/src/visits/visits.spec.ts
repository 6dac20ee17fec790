import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { __dept__ } from '../index';

describe('__dept__ visits', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => { subgraph = await openTestSubgraph(__dept__); });
  afterAll(() => subgraph?.close());
  const record = `mutation($input: __Dept__VisitInput!) { record__Dept__Visit(input: $input) { id date commune { code } } }`;

  it('records a visit of an officer of the area and lists it on the commune', async () => {
    const officer = testCaller({ department: '__DEPT__', role: 'officer', area: '584' });
    const result = await subgraph.execute<any>(record, { input: { communeCode: '22783', date: '2025-03-01', purpose: 'Kiểm tra mô hình (synthetic)' } }, { caller: officer });
    expect(result.errors).toBeUndefined();
    const listed = await subgraph.execute<any>(`{ _entities(representations: [{ __typename: "Commune", code: "22783" }]) { ... on Commune { __dept__Visits(year: 2025) { id } } } }`);
    expect(listed.data._entities[0].__dept__Visits).toEqual([{ id: result.data.record__Dept__Visit.id }]);
  });

  it('refuses officers of other areas and bad input', async () => {
    const other = testCaller({ department: '__DEPT__', role: 'officer', area: '582' });
    const refused = await subgraph.execute(record, { input: { communeCode: '22783', date: '2025-03-01', purpose: 'x' } }, { caller: other });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const officer = testCaller({ department: '__DEPT__', role: 'officer', area: '58' });
    const future = await subgraph.execute(record, { input: { communeCode: '22783', date: '2999-01-01', purpose: 'x' } }, { caller: officer });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.date' });
  });
});
