import { count } from 'drizzle-orm';
import { communes } from '@ntg/admin-units';
import { bulkInsert, type Database, type Db } from '@ntg/db';
import { createWriteScope, makeCaller, todayInVietnam, type SeedOptions } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import { allocateFunding, amendAllocation, cancelAllocation, recordDisbursement, settleAllocation } from '../allocations/service';
import { allocations, auditLog } from '../db/schema';
import { recordFundingGuidance } from '../guidance/service';
import type { DolisaRecords } from '../refs';
import { generateFundingPlan, type FundingPlan } from './generate';

/** Who the seed writes as: a province-wide Finance officer, recorded as `synthetic-seed` beside every change. */
export const SEED_CALLER = makeCaller({ department: 'FINANCE', role: 'officer', area: '58', subject: 'synthetic-seed' });

/**
 * DOLISA's records as the seed knows them: the shared demo programme's models and the demo households the plan
 * names (DOLISA seeds the same ones). The graph is not up while seeding, and DOLISA's tables are not Finance's.
 */
export function demoRecords(seed: number, plan: FundingPlan): DolisaRecords {
  const models = new Map(plannedModels(seed).map((m) => [m.id, { id: m.id, communeCode: m.communeCode, status: m.status }]));
  const households = new Set(plan.households);
  return {
    model: async (id) => models.get(id) ?? null,
    household: async (id) => (households.has(id) ? { id, communeCode: communes[0]!.code } : null),
  };
}

/**
 * Writes a plan through Finance's own services, in their order: allocations, amendments, cancellations, payments,
 * settlements, guidance. Every rule a GraphQL caller meets applies, and every change is audited.
 */
export async function writePlan(tx: Db, plan: FundingPlan, records: DolisaRecords): Promise<void> {
  const scope = (operation: string) => createWriteScope({ tx, caller: SEED_CALLER, auditLog, operation, units: [SEED_CALLER.area] });
  const synthetic = { synthetic: true };
  for (const a of plan.allocations) {
    await allocateFunding(scope('allocateFunding'), {
      sourceCode: a.sourceCode, modelId: a.modelId, communeCode: a.modelId ? null : a.communeCode, householdId: a.householdId,
      item: a.item, year: a.year, approved: a.approved, note: a.note,
    }, records, { id: a.id, ...synthetic });
  }
  for (const { id, input, reason } of plan.amendments) {
    await amendAllocation(scope('amendAllocation'), { id, expectedVersion: 1, input, reason }, records);
  }
  for (const c of plan.cancellations) await cancelAllocation(scope('cancelAllocation'), c);
  for (const p of plan.disbursements) {
    await recordDisbursement(scope('recordDisbursement'), { allocationId: p.allocationId, input: { amount: p.amount, paidOn: p.on, reference: p.reference } }, synthetic);
  }
  for (const p of plan.settlements) {
    await settleAllocation(scope('settleAllocation'), { allocationId: p.allocationId, input: { amount: p.amount, settledOn: p.on, documentNumber: p.reference } }, synthetic);
  }
  for (const g of plan.guidance) await recordFundingGuidance(scope('recordFundingGuidance'), g, synthetic);
}

/**
 * Writes the same rows as writePlan in a few statements (writePlan takes ~25 ms a write on PGlite: a minute for the
 * demo's ~2,000 writes; this takes a second or two). It applies the plan's amendments and cancellations as the
 * services do, then inserts the allocations as they end up, every version, and the payments and settlements in the
 * services' order; the database's triggers derive the payment totals and the rollups exactly as they do for a
 * mutation. src/seed/seed.spec.ts shows both paths leave the same rows. The guidance (two writes) goes through its
 * service; one audit entry records the load.
 */
export async function writePlanInBulk(tx: Db, plan: FundingPlan, today: string = todayInVietnam()): Promise<void> {
  const actor = SEED_CALLER.subject;
  const rows = new Map(plan.allocations.map((a) => [a.id, {
    id: a.id, source_code: a.sourceCode, model_id: a.modelId, commune_code: a.communeCode, household_id: a.householdId, item: a.item,
    year: a.year, approved: a.approved, status: 'ACTIVE', version: 1, note: a.note?.trim() ?? null, cancelled_on: null as string | null,
    cancellation_reason: null as string | null, synthetic: true, recorded_by: actor,
  }]));
  type Row = NonNullable<ReturnType<typeof rows.get>>;
  const version = (row: Row, change: string, reason: string | null) => ({
    allocation_id: row.id, version: row.version, change, source_code: row.source_code, household_id: row.household_id, item: row.item,
    year: row.year, approved: row.approved, status: row.status, note: row.note, reason, recorded_by: actor,
  });
  const versions = [...rows.values()].map((row) => version(row, 'ALLOCATED', null));
  for (const { id, input, reason } of plan.amendments) {
    const row = rows.get(id)!;
    if (input.sourceCode != null) row.source_code = input.sourceCode;
    if (input.item != null) row.item = input.item;
    if (input.year != null) row.year = input.year;
    if (input.approved != null) row.approved = input.approved;
    if (input.householdId !== undefined) row.household_id = input.householdId ?? null;
    if (input.note != null) row.note = input.note.trim();
    row.version += 1;
    versions.push(version(row, 'AMENDED', reason.trim()));
  }
  for (const { id, reason } of plan.cancellations) {
    const row = rows.get(id)!;
    Object.assign(row, { status: 'CANCELLED', cancelled_on: today, cancellation_reason: reason.trim(), version: row.version + 1 });
    versions.push(version(row, 'CANCELLED', reason.trim()));
  }
  await bulkInsert(tx, 'finance.allocations', {
    id: 'text', source_code: 'text', model_id: 'text', commune_code: 'text', household_id: 'text', item: 'text', year: 'int',
    approved: 'bigint', status: 'text', version: 'int', note: 'text', cancelled_on: 'date', cancellation_reason: 'text',
    synthetic: 'boolean', recorded_by: 'text',
  }, [...rows.values()]);
  await bulkInsert(tx, 'finance.allocation_versions', {
    allocation_id: 'text', version: 'int', change: 'text', source_code: 'text', household_id: 'text', item: 'text', year: 'int',
    approved: 'bigint', status: 'text', note: 'text', reason: 'text', recorded_by: 'text',
  }, versions);
  const payments = (list: FundingPlan['disbursements'], date: string, reference: string) => list.map((p) => ({
    allocation_id: p.allocationId, amount: p.amount, [date]: p.on, [reference]: p.reference?.trim() ?? null, synthetic: true, recorded_by: actor,
  }));
  await bulkInsert(tx, 'finance.disbursements', { allocation_id: 'text', amount: 'bigint', paid_on: 'date', reference: 'text', synthetic: 'boolean', recorded_by: 'text' },
    payments(plan.disbursements, 'paid_on', 'reference'));
  await bulkInsert(tx, 'finance.settlements', { allocation_id: 'text', amount: 'bigint', settled_on: 'date', document_number: 'text', synthetic: 'boolean', recorded_by: 'text' },
    payments(plan.settlements, 'settled_on', 'document_number'));
  const scope = (operation: string) => createWriteScope({ tx, caller: SEED_CALLER, auditLog, operation, units: [SEED_CALLER.area], today });
  for (const g of plan.guidance) await recordFundingGuidance(scope('recordFundingGuidance'), g, { synthetic: true });
  await scope('seed').audit({
    entity: 'FundingPlan', entityKey: 'synthetic-seed', before: null,
    after: { allocations: rows.size, versions: versions.length, disbursements: plan.disbursements.length, settlements: plan.settlements.length },
  });
}

/**
 * Writes Finance's part of the demo programme when there is no allocation yet; every row is flagged synthetic.
 * The funding sources, flag rules and the plan's guidance list are reference data from migrations. Row counts
 * are per planned model, so `scale` does not apply.
 */
export async function seedFinance(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(allocations);
  if ((existing?.n ?? 0) > 0) return {};
  const plan = generateFundingPlan(options.seed);
  await db.transaction((tx) => writePlanInBulk(tx as unknown as Db, plan));
  return {
    allocations: plan.allocations.length, disbursements: plan.disbursements.length, settlements: plan.settlements.length,
  };
}
