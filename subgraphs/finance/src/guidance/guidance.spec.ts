import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';
import { guidanceStatus } from './service';

const provinceOfficer = testCaller({ department: 'FINANCE', role: 'officer', area: '58', subject: 'finance-58' });
const districtOfficer = testCaller({ department: 'FINANCE', role: 'officer', area: '584', subject: 'finance-584' });
const RECORD = `mutation($input: FundingGuidanceInput!) { recordFundingGuidance(input: $input) { id title dueDate issuedOn documentNumber status synthetic } }`;

describe('funding guidance', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables: Record<string, unknown> = {}, caller = provinceOfficer) => subgraph.execute<any>(source, variables, { caller });
  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
  });
  afterAll(() => subgraph?.close());

  it('judges the status from the dates when read: on time, late, due, overdue', () => {
    expect(guidanceStatus({ dueDate: '2023-04-30', issuedOn: '2023-04-30' }, '2026-01-01')).toBe('ISSUED_ON_TIME');
    expect(guidanceStatus({ dueDate: '2023-04-30', issuedOn: '2023-05-01' }, '2026-01-01')).toBe('ISSUED_LATE');
    expect(guidanceStatus({ dueDate: '2023-04-30', issuedOn: null }, '2023-04-30')).toBe('DUE');
    expect(guidanceStatus({ dueDate: '2023-04-30', issuedOn: null }, '2023-05-01')).toBe('OVERDUE');
  });

  it('lists the plan\'s integration guidance, due at the end of April 2023 and not issued: OVERDUE today', async () => {
    const result = await run(`{ fundingGuidance { id planCode title dueDate issuedOn status synthetic } }`);
    expect(result.data.fundingGuidance).toEqual([{
      id: '249-INTEGRATION', planCode: '249/KHPH-UBND-MTTQ', title: expect.stringContaining('lồng ghép các nguồn vốn'),
      dueDate: '2023-04-30', issuedOn: null, status: 'OVERDUE', synthetic: false,
    }]);
  });

  it('records an issue once, lists a new document, and refuses district officers, a second issue and changed plan dates', async () => {
    const issued = await run(RECORD, { input: { id: '249-INTEGRATION', issuedOn: '2023-05-10', documentNumber: '999/HD-STC (test)' } });
    expect(issued.data.recordFundingGuidance).toMatchObject({ issuedOn: '2023-05-10', documentNumber: '999/HD-STC (test)', status: 'ISSUED_LATE' });
    const again = await run(RECORD, { input: { id: '249-INTEGRATION', issuedOn: '2023-05-11' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.id' });
    const added = await run(RECORD, { input: { id: '249-SETTLEMENT-TEST', title: 'Settlement guidance (test)', dueDate: '2999-06-30' } });
    expect(added.data.recordFundingGuidance).toMatchObject({ status: 'DUE', issuedOn: null });
    for (const [input, code, field] of [
      [{ id: 'NEW-1', dueDate: '2024-01-01' }, 'BAD_USER_INPUT', 'input.title'],
      [{ id: 'NEW-2', title: 'x' }, 'BAD_USER_INPUT', 'input.dueDate'],
      [{ id: '249-SETTLEMENT-TEST', dueDate: '2999-07-01', issuedOn: '2024-01-01' }, 'BAD_USER_INPUT', 'input.dueDate'],
      [{ id: '249-SETTLEMENT-TEST' }, 'BAD_USER_INPUT', 'input.issuedOn'],
      [{ id: '249-SETTLEMENT-TEST', issuedOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.issuedOn'],
    ] as const) {
      expect((await run(RECORD, { input })).errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    const district = await run(RECORD, { input: { id: '249-SETTLEMENT-TEST', issuedOn: '2024-01-01' } }, districtOfficer);
    expect(district.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const [row] = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.guidance_documents`);
    expect(row!.n).toBe(2);
    const list = await run(`{ fundingGuidance { id status } }`);
    expect(list.data.fundingGuidance).toEqual([{ id: '249-INTEGRATION', status: 'ISSUED_LATE' }, { id: '249-SETTLEMENT-TEST', status: 'DUE' }]);
  });
});
