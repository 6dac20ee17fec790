import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { front } from '../index';
import { frontStubGraph } from '../testing';

/**
 * Two spendings of one fund at once, each within what it holds, together more: the fund row is locked before the
 * balance is read, so the second waits for the first, sees what is left and is refused. (Only PostgreSQL runs
 * two transactions at once; the embedded database serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('two spendings race for one fund (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const officer = testCaller({ department: 'FRONT', role: 'officer', area: '22783', subject: 'front-22783' });
  const run = (source: string, variables: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(front, { graph: frontStubGraph() });
    const receipt = await run(`mutation($input: FundReceiptInput!) { recordFundReceipt(input: $input) { id } }`,
      { input: { fundUnitCode: '22783', date: '2024-10-20', donor: 'D (synthetic)', kind: 'MONEY', value: 10_000_000 } });
    expect(receipt.errors).toBeUndefined();
  });
  afterAll(() => subgraph?.close());

  it('lets one through and refuses the other with CONFLICT; the fund never goes below zero', async () => {
    const spend = () => run(`mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id } }`,
      { input: { fundUnitCode: '22783', date: '2024-12-01', amount: 7_000_000, purpose: 'P (test)', householdId: 'HH-22783-000001' } });
    const results = await Promise.all(Array.from({ length: 4 }, spend));
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const [fund] = await subgraph.database.rows<{ spent: string }>(sql`select sum(amount)::bigint::text as spent from front.fund_spendings`);
    expect(fund!.spent).toBe('7000000');
  });
});
