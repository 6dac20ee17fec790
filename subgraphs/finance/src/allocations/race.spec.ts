import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';

/**
 * A settlement reads what is disbursed and not yet settled with the allocation's row locked, so two settlements
 * racing for the same money take turns: the second sees the first and is refused. Reversals take the same lock:
 * two reversals of one record, or a reversal racing a settlement, take turns too. (Only PostgreSQL runs two
 * transactions at once; the embedded database serialises them.)
 */
describe.runIf(process.env.DATABASE_URL)('settlements race for the same money (PostgreSQL)', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const officer = testCaller({ department: 'FINANCE', role: 'officer', area: '22783', subject: 'finance-22783' });
  /** Rounds of a reversal racing a settlement: either may win the lock, and both orders must hold. */
  const ROUNDS = 6;
  const paymentId = async (allocationId: string, amount: number) => {
    const [row] = await subgraph.database.rows<{ id: string }>(sql`insert into finance.disbursements (allocation_id, amount, paid_on)
      values (${allocationId}, ${amount}, '2024-03-01') returning id::text`);
    return row!.id;
  };
  const reverse = (id: string, reason: string) => subgraph.execute(`mutation($id: ID!, $reason: String!) { reverseDisbursement(id: $id, date: "2024-12-01", reason: $reason) { id } }`,
    { id, reason }, { caller: officer });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
    await subgraph.database.db.execute(sql`insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved)
      values ('RACE', 'NTP-GN-P2', 'LM-22783-1', '22783', 'SEED', 2024, 100000000)`);
    await subgraph.database.db.execute(sql`insert into finance.disbursements (allocation_id, amount, paid_on) values ('RACE', 100000000, '2024-03-01')`);
    await subgraph.database.db.execute(sql`insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved) values
      ('RACE-TWICE', 'NTP-GN-P2', 'LM-22783-1', '22783', 'SEED', 2024, 100000000)`);
    for (let round = 1; round <= ROUNDS; round++) {
      await subgraph.database.db.execute(sql`insert into finance.allocations (id, source_code, model_id, commune_code, item, year, approved)
        values (${`RACE-SETTLE-${round}`}, 'NTP-GN-P2', 'LM-22783-1', '22783', 'SEED', 2024, 100000000)`);
    }
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

  it('lets one of two reversals of the same payment through and refuses the other (CONFLICT): the amount leaves the total once', async () => {
    const id = await paymentId('RACE-TWICE', 30000000);
    await paymentId('RACE-TWICE', 70000000);
    const results = await Promise.all([reverse(id, 'Entered twice (A)'), reverse(id, 'Entered twice (B)')]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'CONFLICT', field: 'id' })]);
    const [row] = await subgraph.database.rows<{ disbursed: string; reversals: number }>(sql`select a.disbursed::text,
      (select count(*)::int from finance.disbursement_reversals where disbursement_id = ${Number(id)}) as reversals from finance.allocations a where id = 'RACE-TWICE'`);
    expect(row).toEqual({ disbursed: '70000000', reversals: 1 });
  });

  it('never leaves more settled than disbursed when a reversal races a settlement: one of the two is refused, whichever comes second', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const allocationId = `RACE-SETTLE-${round}`;
      await paymentId(allocationId, 60000000);
      const mistaken = await paymentId(allocationId, 40000000);
      // Settling 70 of 100 million leaves no room to reverse 40; reversing 40 first leaves no room to settle 70.
      const settle = subgraph.execute(`mutation($id: ID!) { settleAllocation(allocationId: $id, input: { amount: 70000000, settledOn: "2024-12-01" }) { id } }`,
        { id: allocationId }, { caller: officer });
      const [settled, reversed] = await Promise.all([settle, reverse(mistaken, 'Wrong amount (test)')]);
      expect([settled, reversed].filter((r) => !r.errors), allocationId).toHaveLength(1);
      if (settled.errors) expect(settled.errors.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.amount' })]);
      else expect(reversed.errors!.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'CONFLICT', field: 'id' })]);
      const [row] = await subgraph.database.rows<{ disbursed: string; settled: string }>(sql`select disbursed::text, settled::text from finance.allocations where id = ${allocationId}`);
      expect(row, allocationId).toEqual(settled.errors ? { disbursed: '60000000', settled: '0' } : { disbursed: '100000000', settled: '70000000' });
    }
  });
});
