import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { front } from '../index';
import { frontStubGraph } from '../testing';

/**
 * Two writes of one fund at once (two spendings; a correction lowering a receipt and a spending), each within what
 * it holds, together more: the fund row is locked before the balance is read, so the second waits for the first,
 * sees what is left and is refused. (Only PostgreSQL runs two transactions at once; the embedded database
 * serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('writes racing for one fund (PostgreSQL)', () => {
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

  it('a correction lowering a receipt and a spending, each fine alone, together too much: one goes through, the other is a CONFLICT', async () => {
    const lowest = async () => (await subgraph.database.rows<{ lowest: string }>(sql`
      with flows(day, delta) as (
        select received_on, value from front.fund_receipts where cancelled_at is null
        union all select spent_on, -amount from front.fund_spendings where cancelled_at is null
      ), daily as (select day, sum(delta) as delta from flows group by day)
      select min(balance)::bigint::text as lowest from (select sum(delta) over (order by day) as balance from daily) b`))[0]!.lowest;
    // Each round: 5 million more received (3 left after the first test, so 8), then, at once, the receipt lowered to 1
    // million (4 left) and 6 million spent (2 left): both would leave -2.
    for (let round = 0; round < 3; round++) {
      const receipt = await run(`mutation($input: FundReceiptInput!) { recordFundReceipt(input: $input) { id } }`,
        { input: { fundUnitCode: '22783', date: '2024-11-01', donor: 'D (synthetic)', kind: 'MONEY', value: 5_000_000 } });
      expect(receipt.errors).toBeUndefined();
      const [available] = await subgraph.database.rows<{ left: string }>(sql`select (sum(receipts) - sum(spending))::bigint::text as left from front.fund_rollup`);
      const left = Number(available!.left);
      const results = await Promise.all([
        run(`mutation($id: ID!) { correctFundReceipt(id: $id, expectedVersion: 1, input: { value: 1000000 }, reason: "Gõ nhầm (test)") { id } }`, { id: receipt.data.recordFundReceipt.id }),
        run(`mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id } }`,
          { input: { fundUnitCode: '22783', date: '2024-12-02', amount: left - 2_000_000, purpose: 'P (test)', householdId: 'HH-22783-000001' } }),
      ]);
      expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
      expect(Number(await lowest())).toBeGreaterThanOrEqual(0);
      // Spend what is left, so the next round starts from 5 million again.
      const [now] = await subgraph.database.rows<{ left: string }>(sql`select (sum(receipts) - sum(spending))::bigint::text as left from front.fund_rollup`);
      if (Number(now!.left) > 0) {
        expect((await run(`mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id } }`,
          { input: { fundUnitCode: '22783', date: '2024-12-03', amount: Number(now!.left), purpose: 'P (test)', householdId: 'HH-22783-000001' } })).errors).toBeUndefined();
      }
    }
  });
});
