import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { finance } from '../index';

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id fundingReceived(year: 2024) {
  year approved disbursed settled allocations { id status } disbursements { amount paidOn } } } } }`;
/** The household as the gateway sends it: with its commune now (DOLISA's, through @requires). */
const household = (id: string, commune: string) => ({ __typename: 'Household', id, commune: { code: commune } });

describe('Household.fundingReceived', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(finance);
    await subgraph.database.db.execute(sql`
      insert into finance.allocations (id, source_code, model_id, commune_code, household_id, item, year, approved, status) values
        ('H1', 'NTP-GN-P2', 'LM-22783-1', '22783', 'HH-1', 'BREED_LIVESTOCK', 2024, 20000000, 'ACTIVE'),
        ('H2', 'NHCSXH', null, '22783', 'HH-1', 'CREDIT', 2024, 50000000, 'ACTIVE'),
        ('H3', 'VNN', 'LM-22783-1', '22783', 'HH-1', 'SEED', 2024, 7000000, 'CANCELLED'),
        ('H4', 'VNN', 'LM-22783-1', '22783', 'HH-1', 'SEED', 2023, 9000000, 'ACTIVE'),
        ('H5', 'VNN', 'LM-22783-1', '22783', 'HH-2', 'SEED', 2024, 9000000, 'ACTIVE')`);
    await subgraph.database.db.execute(sql`insert into finance.disbursements (allocation_id, amount, paid_on) values ('H2', 50000000, '2024-02-01'), ('H1', 20000000, '2024-01-10')`);
  });
  afterAll(() => subgraph?.close());

  it('sums what reached the household in the year (cancelled money left out) and lists its allocations and payments', async () => {
    const result = await subgraph.execute<any>(QUERY, { r: [household('HH-1', '22783'), household('HH-9', '22783')] }, { caller: testCaller({ department: 'FINANCE', role: 'officer', area: '22783' }) });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      {
        id: 'HH-1', fundingReceived: {
          year: 2024, approved: 70_000_000, disbursed: 70_000_000, settled: 0,
          allocations: [{ id: 'H1', status: 'ACTIVE' }, { id: 'H2', status: 'ACTIVE' }, { id: 'H3', status: 'CANCELLED' }],
          disbursements: [{ amount: 20_000_000, paidOn: '2024-01-10' }, { amount: 50_000_000, paidOn: '2024-02-01' }],
        },
      },
      { id: 'HH-9', fundingReceived: { year: 2024, approved: 0, disbursed: 0, settled: 0, allocations: [], disbursements: [] } },
    ]);
  });

  it('is personal data: DOLISA and Finance officers covering the household\'s commune now read it; everyone else gets null with FORBIDDEN', async () => {
    const areas = ['58', '584', '22783', '582', '22786'];
    let readers = 0;
    for (const department of ['DOLISA', 'FINANCE', 'AGRICULTURE', 'ETHNIC', 'FRONT', 'PROVINCE'] as const) {
      for (const role of ['officer', 'supervisor', 'analyst', 'viewer'] as const) {
        for (const area of areas) {
          const allowed = (department === 'DOLISA' || department === 'FINANCE') && role === 'officer' && ['58', '584', '22783'].includes(area);
          const result = await subgraph.execute<any>(QUERY, { r: [household('HH-1', '22783')] }, { caller: testCaller({ department, role, area }) });
          if (allowed) {
            readers += 1;
            expect(result.errors).toBeUndefined();
            expect(result.data._entities[0].fundingReceived.approved).toBe(70_000_000);
          } else {
            expect(result.data._entities[0].fundingReceived, `${department} ${role} ${area}`).toBeNull();
            expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
          }
        }
      }
    }
    expect(readers).toBe(6);
    // The household's commune now decides, as for its name: a household that moved to Phước Chính (22786) is read there.
    const moved = await subgraph.execute<any>(QUERY, { r: [household('HH-1', '22786')] }, { caller: testCaller({ department: 'FINANCE', role: 'officer', area: '22786' }) });
    expect(moved.data._entities[0].fundingReceived.approved).toBe(70_000_000);
    const denied = await subgraph.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.audit_log where outcome = 'DENIED' and operation = 'read Household.fundingReceived'`);
    expect(denied[0]!.n).toBe(areas.length * 24 - 6);
  });
});
