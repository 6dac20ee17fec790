import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';

/**
 * A settlement reads what is disbursed and not yet settled with the allocation's row locked, so two settlements
 * racing for the same money take turns: the second sees the first and is refused. (Only PostgreSQL runs two
 * transactions at once; the embedded database serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('settlements race for the same money (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const officer = testCaller({ department: 'FINANCE', role: 'officer', area: '22783', subject: 'finance-22783' });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
    await subgraph.database.db.execute(sql`insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved)
      values ('RACE', 'NTP-GN-P2', 'LM-22783-1', '22783', 'SEED', 2024, 100000000)`);
    await subgraph.database.db.execute(sql`insert into finance.disbursements (allocation_id, amount, paid_on) values ('RACE', 100000000, '2024-03-01')`);
  });
  afterAll(() => subgraph?.close());

  it('lets one of two 60-million settlements of 100 million through and refuses the other, whole', async () => {
    const settle = (documentNumber: string) => subgraph.execute(`mutation($d: String!) { settleAllocation(allocationId: "RACE", input: { amount: 60000000, settledOn: "2024-12-01", documentNumber: $d }) { amount } }`,
      { d: documentNumber }, { caller: officer });
    const results = await Promise.all([settle('QT-A'), settle('QT-B')]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.amount' })]);
    const [row] = await subgraph.database.rows<{ settled: string; records: number }>(sql`select a.settled::text, (select count(*)::int from finance.settlements) as records from finance.allocations a where id = 'RACE'`);
    expect(row).toEqual({ settled: '60000000', records: 1 });
  });
});
