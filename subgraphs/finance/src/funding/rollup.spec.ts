import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, stubGraph, testCaller } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { finance } from '../index';

const officer = testCaller({ department: 'FINANCE', role: 'officer', area: '58', subject: 'rollup-officer' });
const COMMUNES = ['22783', '22786', '22738', '22837'];
const graph = stubGraph((source, variables) => {
  const id = String(variables.id);
  if (source.includes('ModelForWrite')) return { livelihoodModel: { id, status: 'ACTIVE', commune: { code: id.slice(3, 8) } } };
  if (source.includes('HouseholdForWrite')) return { household: { id, commune: { code: id.slice(3, 8) } } };
  throw new Error(`unexpected lookup ${source}`);
});

/** Each rollup as the triggers keep it and as a recount from the allocations computes it (zero rows left out). */
const PAIRS = {
  allocation: [
    sql`select year, commune_code, source_code, item, status, allocations, approved::text, disbursed::text, settled::text, synthetic, over_disbursed
      from finance.allocation_rollup where allocations <> 0 order by 1, 2, 3, 4, 5`,
    sql`select year, commune_code, source_code, item, status, count(*)::int as allocations, sum(approved)::text as approved, sum(disbursed)::text as disbursed,
      sum(settled)::text as settled, (count(*) filter (where synthetic))::int as synthetic, (count(*) filter (where disbursed > approved))::int as over_disbursed
      from finance.allocations group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
  ],
  model: [
    sql`select model_id, year, source_code, commune_code, allocations, approved::text, disbursed::text, settled::text, small_allocations, unsettled_allocations
      from finance.model_rollup where allocations <> 0 order by 1, 2, 3`,
    sql`select model_id, year, source_code, min(commune_code) as commune_code, count(*)::int as allocations, sum(approved)::text as approved,
      sum(disbursed)::text as disbursed, sum(settled)::text as settled, (count(*) filter (where approved < 10000000))::int as small_allocations,
      (count(*) filter (where disbursed > settled))::int as unsettled_allocations
      from finance.allocations where model_id is not null and status = 'ACTIVE' group by 1, 2, 3 order by 1, 2, 3`,
  ],
  household: [
    sql`select year, household_id, item, commune_code, allocations from finance.household_item_rollup where allocations <> 0 order by 1, 2, 3, 4`,
    sql`select year, household_id, item, commune_code, count(*)::int as allocations from finance.allocations
      where household_id is not null and status = 'ACTIVE' group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  ],
  // Every allocation's totals against its records that stand (reversed payments and settlements left out).
  totals: [
    sql`select id, disbursed::text, settled::text from finance.allocations order by id`,
    sql`select a.id,
      coalesce((select sum(amount) from finance.disbursements d where d.allocation_id = a.id
        and not exists (select 1 from finance.disbursement_reversals r where r.disbursement_id = d.id)), 0)::text as disbursed,
      coalesce((select sum(amount) from finance.settlements s where s.allocation_id = a.id
        and not exists (select 1 from finance.settlement_reversals r where r.settlement_id = s.id)), 0)::text as settled
      from finance.allocations a order by a.id`,
  ],
} as const;

describe('Finance rollups stay exact on write', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });
  async function expectExact() {
    for (const [name, [rollup, recount]] of Object.entries(PAIRS)) {
      expect(await subgraph.database.rows(rollup), name).toEqual(await subgraph.database.rows(recount));
    }
  }

  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance, { graph });
    await finance.seed!(subgraph.database, { seed: 7, scale: 0.01 });
  });
  afterAll(() => subgraph?.close());

  it('the seed\'s rollups and payment totals equal a recount', expectExact);

  it('after a long random sequence of allocations, amendments, cancellations, payments, settlements and their reversals, every rollup equals a recount', async () => {
    const random = new Random(17);
    const live: { id: string; version: number }[] = [];
    // Payments and settlements recorded so far, for the reversals to pick from (some twice: a refusal to see).
    const payments: string[] = [];
    const settled: string[] = [];
    const outcomes: Record<string, number> = {};
    const tally = (name: string, result: { errors?: readonly unknown[] }) => {
      const key = `${name}:${result.errors ? 'refused' : 'ok'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    const sources = ['NTP-GN-P2', 'VNN', 'XHH-DN', 'DOI-UNG', 'NS-TINH'];
    const items = ['BREED_LIVESTOCK', 'SEED', 'TRAINING'];
    for (let step = 0; step < 200; step++) {
      const action = live.length < 6 ? 'allocate' : random.weighted([
        ['allocate', 3], ['amend', 3], ['cancel', 1], ['pay', 4], ['settle', 3],
        ...(payments.length > 0 ? [['reversePayment', 2] as const] : []), ...(settled.length > 0 ? [['reverseSettlement', 1] as const] : []),
      ] as const);
      if (action === 'reversePayment' || action === 'reverseSettlement') {
        const field = action === 'reversePayment' ? 'reverseDisbursement' : 'reverseSettlement';
        const result = await run(`mutation($id: ID!) { ${field}(id: $id, date: "2024-12-02", reason: "Random (test)") { id } }`,
          { id: random.pick(action === 'reversePayment' ? payments : settled) });
        tally(action, result);
        continue;
      }
      if (action === 'allocate') {
        const commune = random.pick(COMMUNES);
        const withModel = random.chance(0.8);
        const result = await run(`mutation($input: AllocateFundingInput!) { allocateFunding(input: $input) { id version } }`, { input: {
          sourceCode: random.pick(sources), item: random.pick(items), year: random.pick([2023, 2024]),
          approved: random.int(2, 40) * 1_000_000, ...(withModel ? { modelId: `LM-${commune}-1` } : { communeCode: commune }),
          ...(random.chance(0.5) ? { householdId: `HH-${commune}-00000${random.int(1, 3)}` } : {}),
        } });
        tally(action, result);
        if (!result.errors) live.push(result.data.allocateFunding);
        continue;
      }
      const allocation = random.pick(live);
      let result: { errors?: readonly unknown[]; data?: any };
      if (action === 'amend') {
        const input = random.pick([{ approved: random.int(2, 40) * 1_000_000 }, { item: random.pick(items) }, { sourceCode: random.pick(sources) },
          { householdId: random.chance(0.5) ? null : `HH-22783-00000${random.int(1, 3)}` }, { year: random.pick([2023, 2024]) }]);
        result = await run(`mutation($id: ID!, $v: Int!, $input: AmendAllocationInput!) { amendAllocation(id: $id, expectedVersion: $v, input: $input, reason: "Random (test)") { version } }`,
          { id: allocation.id, v: allocation.version, input });
        if (!result.errors) allocation.version = result.data.amendAllocation.version;
      } else if (action === 'cancel') {
        result = await run(`mutation($id: ID!) { cancelAllocation(id: $id, reason: "Random (test)") { version } }`, { id: allocation.id });
        if (!result.errors) allocation.version = result.data.cancelAllocation.version;
      } else if (action === 'pay') {
        result = await run(`mutation($id: ID!, $amount: Vnd!) { recordDisbursement(allocationId: $id, input: { amount: $amount, paidOn: "2024-06-01" }) { id } }`,
          { id: allocation.id, amount: random.int(1, 25) * 1_000_000 });
        if (!result.errors) payments.push(result.data.recordDisbursement.id);
      } else {
        result = await run(`mutation($id: ID!, $amount: Vnd!) { settleAllocation(allocationId: $id, input: { amount: $amount, settledOn: "2024-12-01" }) { id } }`,
          { id: allocation.id, amount: random.int(1, 15) * 1_000_000 });
        if (!result.errors) settled.push(result.data.settleAllocation.id);
      }
      tally(action, result);
    }
    // Every kind of write ran, and some were refused (a cancelled allocation paid, a settlement beyond payment, a
    // second reversal, a reversal that would leave more settled than disbursed, ...).
    for (const name of ['allocate', 'amend', 'cancel', 'pay', 'settle', 'reversePayment', 'reverseSettlement']) expect(outcomes[`${name}:ok`] ?? 0, name).toBeGreaterThan(0);
    for (const name of ['reversePayment', 'reverseSettlement']) expect(outcomes[`${name}:refused`] ?? 0, name).toBeGreaterThan(0);
    await expectExact();
  }, 120_000);
});
