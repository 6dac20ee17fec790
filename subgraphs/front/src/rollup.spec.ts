import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller, todayInVietnam } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { front } from './index';
import { addDays } from './seed/programme';
import { frontStubGraph, STUB_HOUSEHOLDS, STUB_MODELS } from './testing';

const frontOfficer = testCaller({ department: 'FRONT', role: 'officer', area: '58', subject: 'rollup-front' });
const answering = (department: string) => testCaller({ department: department as never, role: 'officer', area: '58', subject: 'rollup-answer' });

/** The rollups as the triggers keep them, and as a recount of the rows computes them (zero rows left out). */
const RECOMMENDATION_ROLLUP = sql`select commune_code, status, due_date::text, recommendations from front.recommendation_rollup where recommendations <> 0 order by 1, 2, 3`;
const RECOMMENDATION_RECOUNT = sql`select commune_code, status, due_date::text, count(*)::int as recommendations from front.recommendations group by 1, 2, 3 order by 1, 2, 3`;
const FUND_ROLLUP = sql`select unit_code, year, receipts::text, spending::text, receipt_count, spending_count, cancelled_receipt_count, cancelled_spending_count
  from front.fund_rollup where receipts <> 0 or spending <> 0 or receipt_count <> 0 or spending_count <> 0 or cancelled_receipt_count <> 0 or cancelled_spending_count <> 0
  order by 1, 2`;
// Standing entries count in the sums and counts; cancelled ones only in their own counts.
const FUND_RECOUNT = sql`select unit_code, year, sum(receipts)::bigint::text as receipts, sum(spending)::bigint::text as spending,
    sum(receipt_count)::int as receipt_count, sum(spending_count)::int as spending_count,
    sum(cancelled_receipt_count)::int as cancelled_receipt_count, sum(cancelled_spending_count)::int as cancelled_spending_count from (
  select unit_code, extract(year from received_on)::int as year, case when cancelled_at is null then value else 0 end as receipts, 0 as spending,
    (cancelled_at is null)::int as receipt_count, 0 as spending_count, (cancelled_at is not null)::int as cancelled_receipt_count, 0 as cancelled_spending_count
  from front.fund_receipts
  union all select unit_code, extract(year from spent_on)::int, 0, case when cancelled_at is null then amount else 0 end, 0, (cancelled_at is null)::int,
    0, (cancelled_at is not null)::int from front.fund_spendings
) flows group by 1, 2 order by 1, 2`;

describe('Front rollups stay exact on write', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const today = todayInVietnam();
  beforeAll(async () => { subgraph = await openTestSubgraph(front, { graph: frontStubGraph() }); });
  afterAll(() => subgraph?.close());

  it('after a long random sequence of supervisions, answers, resolutions, receipts, spendings and their corrections and cancellations, every rollup equals a recount', async () => {
    const random = new Random(29);
    const models = Object.keys(STUB_MODELS);
    const households = Object.keys(STUB_HOUSEHOLDS);
    const open: { id: string; department: string }[] = [];
    const answered: string[] = [];
    const outcomes: Record<string, number> = {};
    const tally = (name: string, result: { errors?: readonly { extensions: Record<string, unknown> }[] }) => {
      const key = `${name}:${result.errors ? String(result.errors[0]!.extensions.code) : 'ok'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    const run = (source: string, variables: Record<string, unknown>, caller = frontOfficer) => subgraph.execute<any>(source, variables, { caller });
    const day = () => addDays('2023-01-01', random.int(0, 700));
    const FUNDS = ['58', '584', '588', '22783', '22786', '22849'];
    /** Fund entries written so far, with the version last seen (sometimes passed stale on purpose). */
    const receipts: { id: string; version: number }[] = [];
    const spendings: { id: string; version: number }[] = [];
    const expected = (entry: { version: number }) => (random.chance(0.9) ? entry.version : entry.version - 1);

    for (let step = 0; step < 250; step++) {
      const action = random.weighted([
        ['supervise', 3], ['respond', 3], ['resolve', 2], ['receive', 3], ['spend', 4],
        ['correctReceipt', 2], ['cancelReceipt', 1], ['correctSpending', 2], ['cancelSpending', 1],
      ] as const);
      if (action === 'supervise') {
        const date = day();
        const recommendations = Array.from({ length: random.int(0, 3) }, () => ({
          text: 'T (test)', addressee: random.pick([{ department: 'DOLISA', area: '584' }, { department: 'FINANCE', area: '58' }]),
          dueDate: addDays(date, random.int(0, 900)),
        }));
        const result = await run(`mutation($input: RecordSupervisionInput!) { recordSupervision(input: $input) { recommendations { id addressee { department } } } }`, {
          input: { level: random.pick(['COMMUNE', 'DISTRICT', 'PROVINCE']), modelId: random.pick(models), date, subject: 'S (test)', findings: 'F', recommendations },
        });
        tally(action, result);
        if (!result.errors) open.push(...result.data.recordSupervision.recommendations.map((r: any) => ({ id: r.id, department: r.addressee.department })));
      } else if (action === 'respond' && open.length > 0) {
        const recommendation = random.pick(open);
        const result = await run(`mutation($id: ID!, $on: Date!) { respondToRecommendation(id: $id, response: "R", respondedOn: $on) { id } }`,
          { id: recommendation.id, on: random.chance(0.8) ? addDays(today, -1) : '2020-01-01' }, answering(recommendation.department));
        tally(action, result);
        if (!result.errors) answered.push(recommendation.id);
      } else if (action === 'resolve' && open.length > 0) {
        const id = random.chance(0.6) && answered.length > 0 ? random.pick(answered) : random.pick(open).id;
        tally(action, await run(`mutation($id: ID!, $on: Date!) { resolveRecommendation(id: $id, resolvedOn: $on) { id } }`, { id, on: today }));
      } else if (action === 'receive') {
        const result = await run(`mutation($input: FundReceiptInput!) { recordFundReceipt(input: $input) { id version } }`, {
          input: { fundUnitCode: random.pick(FUNDS), date: day(), donor: 'D (synthetic)', kind: 'MONEY', value: random.int(1, 20) * 1_000_000 },
        });
        tally(action, result);
        if (!result.errors) receipts.push(result.data.recordFundReceipt);
      } else if (action === 'spend') {
        const toHousehold = random.chance(0.5);
        const result = await run(`mutation($input: FundSpendingInput!) { recordFundSpending(input: $input) { id version } }`, {
          input: {
            fundUnitCode: random.pick(['58', '584', '22783', '22786']), date: day(), amount: random.int(1, 15) * 1_000_000, purpose: 'P',
            ...(toHousehold ? { householdId: random.pick(households) } : { modelId: random.pick(models) }),
          },
        });
        tally(action, result);
        if (!result.errors) spendings.push(result.data.recordFundSpending);
      } else if (action === 'correctReceipt' && receipts.length > 0) {
        const receipt = random.pick(receipts);
        const input = random.weighted([
          [{ value: random.int(1, 20) * 1_000_000 }, 3], [{ date: day() }, 2], [{ fundUnitCode: random.pick(FUNDS) }, 1],
          [{ value: random.int(1, 20) * 1_000_000, date: day() }, 1],
        ] as const);
        const result = await run(`mutation($id: ID!, $v: Int!, $input: FundReceiptCorrectionInput!) { correctFundReceipt(id: $id, expectedVersion: $v, input: $input, reason: "R") { version } }`,
          { id: receipt.id, v: expected(receipt), input });
        tally(action, result);
        if (!result.errors) receipt.version = result.data.correctFundReceipt.version;
      } else if (action === 'cancelReceipt' && receipts.length > 0) {
        const receipt = random.pick(receipts);
        const result = await run(`mutation($id: ID!, $v: Int!) { cancelFundReceipt(id: $id, expectedVersion: $v, reason: "R") { version } }`, { id: receipt.id, v: expected(receipt) });
        tally(action, result);
        if (!result.errors) receipt.version = result.data.cancelFundReceipt.version;
      } else if (action === 'correctSpending' && spendings.length > 0) {
        const spending = random.pick(spendings);
        const input = random.weighted([[{ amount: random.int(1, 15) * 1_000_000 }, 3], [{ date: day() }, 2], [{ amount: random.int(1, 15) * 1_000_000, date: day() }, 1]] as const);
        const result = await run(`mutation($id: ID!, $v: Int!, $input: FundSpendingCorrectionInput!) { correctFundSpending(id: $id, expectedVersion: $v, input: $input, reason: "R") { version } }`,
          { id: spending.id, v: expected(spending), input });
        tally(action, result);
        if (!result.errors) spending.version = result.data.correctFundSpending.version;
      } else if (action === 'cancelSpending' && spendings.length > 0) {
        const spending = random.pick(spendings);
        const result = await run(`mutation($id: ID!, $v: Int!) { cancelFundSpending(id: $id, expectedVersion: $v, reason: "R") { version } }`, { id: spending.id, v: expected(spending) });
        tally(action, result);
        if (!result.errors) spending.version = result.data.cancelFundSpending.version;
      }
    }
    // The sequence exercised every kind of write, some of them refused (overspending, answers twice, a recipient outside the fund).
    for (const key of ['supervise:ok', 'respond:ok', 'respond:CONFLICT', 'resolve:ok', 'resolve:CONFLICT', 'receive:ok', 'spend:ok', 'spend:CONFLICT', 'spend:BAD_USER_INPUT',
      'correctReceipt:ok', 'correctReceipt:CONFLICT', 'cancelReceipt:ok', 'cancelReceipt:CONFLICT', 'correctSpending:ok', 'correctSpending:CONFLICT', 'cancelSpending:ok']) {
      expect(outcomes[key] ?? 0, key).toBeGreaterThan(0);
    }
    expect(await subgraph.database.rows(RECOMMENDATION_ROLLUP)).toEqual(await subgraph.database.rows(RECOMMENDATION_RECOUNT));
    expect(await subgraph.database.rows(FUND_ROLLUP)).toEqual(await subgraph.database.rows(FUND_RECOUNT));
    // No fund was ever overdrawn, on any day, by its standing entries.
    const [lowest] = await subgraph.database.rows<{ lowest: string | null }>(sql`
      with flows(unit_code, day, delta) as (
        select unit_code, received_on, value from front.fund_receipts where cancelled_at is null
        union all select unit_code, spent_on, -amount from front.fund_spendings where cancelled_at is null
      ), daily as (select unit_code, day, sum(delta) as delta from flows group by 1, 2)
      select min(balance)::text as lowest from (select sum(delta) over (partition by unit_code order by day) as balance from daily) b`);
    expect(Number(lowest!.lowest)).toBeGreaterThanOrEqual(0);

    // A fund's lists count from the rollup what they show: standing entries, and the cancelled ones when asked.
    for (const code of FUNDS) {
      for (const includeCancelled of [false, true]) {
        const result = await subgraph.execute<any>(`query($r: [_Any!]!, $all: Boolean) { _entities(representations: $r) {
          ... on Commune { fundForThePoor(year: 2024) { ...L } } ... on District { fundForThePoor(year: 2024) { ...L } } ... on Province { fundForThePoor(year: 2024) { ...L } } } }
          fragment L on FundForThePoor { receiptRecords(first: 500, includeCancelled: $all) { totalCount edges { node { status } } }
            spendingRecords(first: 500, includeCancelled: $all) { totalCount edges { node { status } } } }`,
        { r: [{ __typename: code.length === 5 ? 'Commune' : code.length === 3 ? 'District' : 'Province', code }], all: includeCancelled });
        expect(result.errors).toBeUndefined();
        for (const list of [result.data._entities[0].fundForThePoor.receiptRecords, result.data._entities[0].fundForThePoor.spendingRecords]) {
          expect(list.totalCount, `${code} ${includeCancelled}`).toBe(list.edges.length);
          if (!includeCancelled) expect(list.edges.every((e: any) => e.node.status === 'STANDING')).toBe(true);
        }
      }
    }

    // The connection's totals (from the rollup) agree with a count of the rows, for every area level and status.
    for (const area of ['58', '584', '588', '22783']) {
      for (const status of [null, 'OPEN', 'OVERDUE', 'RESPONDED', 'RESOLVED']) {
        const result = await subgraph.execute<any>(`query($a: ID!, $s: RecommendationStatus) { recommendations(areaCode: $a, status: $s, first: 500) { totalCount edges { node { status } } } }`, { a: area, s: status });
        const { totalCount, edges } = result.data.recommendations;
        expect(totalCount, `${area} ${status}`).toBe(edges.length);
        if (status) expect(edges.every((e: any) => e.node.status === status)).toBe(true);
      }
    }
  });

  it('counts recommendations from the rollup: the plan never touches the recommendations', async () => {
    const { countRecommendations } = await import('./supervision/loaders');
    subgraph.database.statements.reset();
    await countRecommendations(subgraph.database, today, { level: 'DISTRICT', code: '584', status: 'OVERDUE' });
    const statement = subgraph.database.statements.recent[0]!;
    expect(statement).toContain('recommendation_rollup');
    expect(statement).not.toMatch(/"front"\."recommendations"|front\.recommendations\b/);
  });
});
