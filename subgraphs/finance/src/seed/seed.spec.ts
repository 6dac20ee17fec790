import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@ntg/db';
import { openTestSubgraph, todayInVietnam } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import { finance } from '../index';
import { CALIBRATION, generateFundingPlan, type FundingPlan } from './generate';
import { demoRecords, writePlan, writePlanInBulk } from './index';

/** Every row Finance's writes leave, timestamps aside, in a stable order. */
const TABLES: Record<string, SQL> = {
  allocations: sql`select id, source_code, model_id, commune_code, household_id, item, year, approved::text, disbursed::text, settled::text, status, version,
    note, cancelled_on::text, cancellation_reason, synthetic, recorded_by from finance.allocations order by id`,
  versions: sql`select allocation_id, version, change, source_code, household_id, item, year, approved::text, status, note, reason, recorded_by
    from finance.allocation_versions order by allocation_id, version`,
  disbursements: sql`select id::int, allocation_id, amount::text, paid_on::text, reference, synthetic, recorded_by from finance.disbursements order by id`,
  settlements: sql`select id::int, allocation_id, amount::text, settled_on::text, document_number, synthetic, recorded_by from finance.settlements order by id`,
  allocationRollup: sql`select * from finance.allocation_rollup where allocations <> 0 order by year, commune_code, source_code, item, status`,
  modelRollup: sql`select * from finance.model_rollup where allocations <> 0 order by model_id, year, source_code`,
  householdRollup: sql`select * from finance.household_item_rollup where allocations <> 0 order by year, household_id, item, commune_code`,
  guidance: sql`select id, plan_code, title, due_date::text, issued_on::text, document_number, note, synthetic, recorded_by from finance.guidance_documents order by id`,
};

async function snapshot(database: { rows: (q: SQL) => Promise<unknown[]> }) {
  const result: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(TABLES)) result[name] = await database.rows(query);
  return result;
}

/** The plan narrowed to some models (and the programme money of their communes), for a quick run through the services. */
function subsetPlan(plan: FundingPlan, modelIds: ReadonlySet<string>): FundingPlan {
  const communes = new Set(plannedModels(2023).filter((m) => modelIds.has(m.id)).map((m) => m.communeCode));
  const keep = new Set(plan.allocations.filter((a) => (a.modelId ? modelIds.has(a.modelId) : communes.has(a.communeCode))).map((a) => a.id));
  const kept = <T extends { allocationId: string }>(list: T[]) => list.filter((p) => keep.has(p.allocationId));
  return {
    ...plan,
    allocations: plan.allocations.filter((a) => keep.has(a.id)),
    amendments: plan.amendments.filter((a) => keep.has(a.id)),
    cancellations: plan.cancellations.filter((c) => keep.has(c.id)),
    disbursements: kept(plan.disbursements),
    settlements: kept(plan.settlements),
  };
}

describe('Finance seed', () => {
  let viaServices: Awaited<ReturnType<typeof openTestSubgraph>>;
  let inBulk: Awaited<ReturnType<typeof openTestSubgraph>>;
  let seeded: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    [viaServices, inBulk, seeded] = await Promise.all([openTestSubgraph(finance), openTestSubgraph(finance), openTestSubgraph(finance)]);
  });
  afterAll(async () => {
    await Promise.all([viaServices?.close(), inBulk?.close(), seeded?.close()]);
  });

  it('leaves the same rows through the bulk path as through the services (cases of every flag, an amendment, a cancellation)', async () => {
    const plan = generateFundingPlan(2023);
    const amended = plan.allocations.find((a) => a.id === plan.amendments[0]!.id)!.modelId!;
    const cancelled = plan.allocations.find((a) => a.id === plan.cancellations[0]!.id)!.modelId!;
    const models = new Set([amended, cancelled, ...Object.values(plan.cases).map((ids) => ids[0]!)]);
    const subset = subsetPlan(plan, models);
    expect(subset.allocations.length).toBeGreaterThan(40);
    expect(subset.settlements.length).toBeGreaterThan(5);
    const today = todayInVietnam();
    await viaServices.database.db.transaction((tx) => writePlan(tx as unknown as Db, subset, demoRecords(2023, subset)));
    await inBulk.database.db.transaction((tx) => writePlanInBulk(tx as unknown as Db, subset, today));
    const [services, bulk] = await Promise.all([snapshot(viaServices.database), snapshot(inBulk.database)]);
    expect(bulk).toEqual(services);
    expect(services.versions!.length).toBe(subset.allocations.length + 2);
    // The services audit every write; the bulk path one entry for the load (and one per guidance write).
    const [audits] = await viaServices.database.rows<{ n: number }>(sql`select count(*)::int as n from finance.audit_log`);
    expect(audits!.n).toBe(subset.allocations.length + 2 + subset.disbursements.length + subset.settlements.length + subset.guidance.length);
  }, 120_000);

  it('writes the demo once, calibrated to the published programme totals, in whole VND', async () => {
    const written = await finance.seed!(seeded.database, { seed: 2023, scale: 0.01 });
    expect(written.allocations).toBeGreaterThan(500);
    expect(await finance.seed!(seeded.database, { seed: 2023, scale: 0.01 })).toEqual({});
    const rows = await seeded.database.rows<{ year: number; approved: string }>(sql`
      select year, sum(approved)::text as approved from finance.allocations
      where status = 'ACTIVE' and source_code in ('NTP-GN-P2', 'NTP-GN-KHAC') group by year order by year`);
    expect(Object.fromEntries(rows.filter((r) => CALIBRATION[r.year]).map((r) => [r.year, Number(r.approved)]))).toEqual(CALIBRATION);
    const [flags] = await seeded.database.rows<{ synthetic: boolean }>(sql`select bool_and(synthetic) as synthetic from finance.allocations`);
    expect(flags!.synthetic).toBe(true);
  });

  it('shows every flag on the models the plan staged them on, and on no other model', async () => {
    const plan = generateFundingPlan(2023);
    const models = plannedModels(2023);
    const result = await seeded.execute<{ _entities: { id: string; funding: { flags: { code: string; detail: string }[] } }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on LivelihoodModel { id funding { flags { code detail } } } } }`,
      { r: models.map((m) => ({ __typename: 'LivelihoodModel', id: m.id, status: m.status, endDate: m.endDate, plannedBudget: m.plannedBudget })) },
    );
    expect(result.errors).toBeUndefined();
    const raised = new Map<string, string[]>();
    for (const entity of result.data!._entities) for (const flag of entity.funding.flags) raised.set(flag.code, [...(raised.get(flag.code) ?? []), entity.id]);
    for (const [code, staged] of Object.entries(plan.cases)) expect(new Set(raised.get(code)), code).toEqual(new Set(staged));
    expect(raised.get('OVERLAP')).toHaveLength(3); // three households on the one model
  });
});
