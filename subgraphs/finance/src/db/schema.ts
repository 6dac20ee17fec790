import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { AllocationChange, AllocationStatus, FundingFlagCode, FundingItem, FundingSourceKind } from '../generated/types';

/** Finance's own Postgres schema (Sở Tài chính): no other subgraph reads these tables. */
export const finance = pgSchema('finance');

/** Where money comes from: reference data, filled by a migration; a new source is a new row. */
export const fundingSources = finance.table('funding_sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: enumValues(FundingSourceKind) }).notNull(),
  legalBasis: text('legal_basis'),
}, (t) => [enumCheck('funding_sources_kind', t.kind, enumValues(FundingSourceKind))]);

/**
 * An allocation as it stands now: money from one source for one item and year, to a livelihood model (DOLISA's
 * registry; only its id is kept here) or a commune's programme, possibly to one household (DOLISA's; only its id).
 * `disbursed` and `settled` are the sums of the dated records in `disbursements` and `settlements` not reversed,
 * kept by triggers on those tables and on their reversals; every earlier version is in `allocation_versions`.
 * Disbursed may exceed approved: a finding to flag, not a row to refuse. A cancelled allocation stays, marked
 * CANCELLED.
 */
export const allocations = finance.table('allocations', {
  id: text('id').primaryKey(),
  sourceCode: text('source_code').notNull().references(() => fundingSources.code),
  modelId: text('model_id'),
  communeCode: text('commune_code').notNull(),
  householdId: text('household_id'),
  item: text('item', { enum: enumValues(FundingItem) }).notNull(),
  year: integer('year').notNull(),
  approved: bigint('approved', { mode: 'number' }).notNull(),
  disbursed: bigint('disbursed', { mode: 'number' }).notNull().default(0),
  settled: bigint('settled', { mode: 'number' }).notNull().default(0),
  status: text('status', { enum: enumValues(AllocationStatus) }).notNull().default('ACTIVE'),
  version: integer('version').notNull().default(1),
  note: text('note'),
  cancelledOn: date('cancelled_on', { mode: 'string' }),
  cancellationReason: text('cancellation_reason'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('allocations_year_commune').on(t.year, t.communeCode),
  index('allocations_model').on(t.modelId),
  index('allocations_household').on(t.householdId, t.item, t.year),
  check('allocations_year', sql`${t.year} between 2000 and 2100`),
  check('allocations_approved', sql`${t.approved} >= 0`),
  check('allocations_disbursed', sql`${t.disbursed} >= 0`),
  check('allocations_settled', sql`${t.settled} >= 0 and ${t.settled} <= ${t.disbursed}`),
  enumCheck('allocations_item', t.item, enumValues(FundingItem)),
  enumCheck('allocations_status', t.status, enumValues(AllocationStatus)),
]);

/** Every version of every allocation, the first included: append-only (a trigger forbids UPDATE and DELETE). */
export const allocationVersions = finance.table('allocation_versions', {
  allocationId: text('allocation_id').notNull().references(() => allocations.id),
  version: integer('version').notNull(),
  change: text('change', { enum: enumValues(AllocationChange) }).notNull(),
  sourceCode: text('source_code').notNull(),
  householdId: text('household_id'),
  item: text('item', { enum: enumValues(FundingItem) }).notNull(),
  year: integer('year').notNull(),
  approved: bigint('approved', { mode: 'number' }).notNull(),
  status: text('status', { enum: enumValues(AllocationStatus) }).notNull(),
  note: text('note'),
  reason: text('reason'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  primaryKey({ columns: [t.allocationId, t.version] }),
  enumCheck('allocation_versions_change', t.change, enumValues(AllocationChange)),
  enumCheck('allocation_versions_item', t.item, enumValues(FundingItem)),
  enumCheck('allocation_versions_status', t.status, enumValues(AllocationStatus)),
]);

/** One payment out of an allocation, dated: append-only; the allocation's `disbursed` is the sum of those not reversed. */
export const disbursements = finance.table('disbursements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  allocationId: text('allocation_id').notNull().references(() => allocations.id),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  paidOn: date('paid_on', { mode: 'string' }).notNull(),
  reference: text('reference'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  index('disbursements_allocation').on(t.allocationId, t.id),
  check('disbursements_amount', sql`${t.amount} > 0`),
]);

/** One settlement (quyết toán), dated: append-only; the allocation's `settled` is the sum of those not reversed. */
export const settlements = finance.table('settlements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  allocationId: text('allocation_id').notNull().references(() => allocations.id),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  settledOn: date('settled_on', { mode: 'string' }).notNull(),
  documentNumber: text('document_number'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  index('settlements_allocation').on(t.allocationId, t.id),
  check('settlements_amount', sql`${t.amount} > 0`),
]);

/**
 * The reversal of one payment entered by mistake: a dated, reasoned record of its own beside the payment, which
 * stays as it was. Append-only; at most one per payment (the key). A trigger takes the payment's amount out of its
 * allocation's `disbursed`, so every rollup, total and flag follows.
 */
export const disbursementReversals = finance.table('disbursement_reversals', {
  disbursementId: bigint('disbursement_id', { mode: 'number' }).primaryKey().references(() => disbursements.id),
  reversedOn: date('reversed_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
});

/** The reversal of one settlement entered by mistake, as for payments: the allocation's `settled` follows by trigger. */
export const settlementReversals = finance.table('settlement_reversals', {
  settlementId: bigint('settlement_id', { mode: 'number' }).primaryKey().references(() => settlements.id),
  reversedOn: date('reversed_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
});

/**
 * The flags' thresholds, one row each: the one place each is set (read by the rollup triggers and the flag
 * queries alike). Updating a row re-derives the rollups that depend on it (a trigger), so every flag follows.
 */
export const flagRules = finance.table('flag_rules', {
  name: text('name').primaryKey(),
  code: text('code', { enum: enumValues(FundingFlagCode) }).notNull(),
  value: bigint('value', { mode: 'number' }).notNull(),
  description: text('description').notNull(),
}, (t) => [enumCheck('flag_rules_code', t.code, enumValues(FundingFlagCode))]);

/**
 * Allocations per year × commune × source × item × status, kept exact by statement triggers on `allocations`:
 * the unit summaries (and OVER_DISBURSED counts) read these rows, never the allocations.
 */
export const allocationRollup = finance.table('allocation_rollup', {
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  sourceCode: text('source_code').notNull(),
  item: text('item').notNull(),
  status: text('status').notNull(),
  allocations: integer('allocations').notNull(),
  approved: bigint('approved', { mode: 'number' }).notNull(),
  disbursed: bigint('disbursed', { mode: 'number' }).notNull(),
  settled: bigint('settled', { mode: 'number' }).notNull(),
  synthetic: integer('synthetic').notNull(),
  /** Allocations with disbursed > approved. */
  overDisbursed: integer('over_disbursed').notNull(),
}, (t) => [primaryKey({ columns: [t.year, t.communeCode, t.sourceCode, t.item, t.status] })]);

/**
 * Active allocations per model × year × source, kept exact by the same triggers: model funding, FRAGMENTED,
 * OVER_PLAN and UNSETTLED read these rows (rollup size: models × years × sources).
 */
export const modelRollup = finance.table('model_rollup', {
  modelId: text('model_id').notNull(),
  year: integer('year').notNull(),
  sourceCode: text('source_code').notNull(),
  communeCode: text('commune_code').notNull(),
  allocations: integer('allocations').notNull(),
  approved: bigint('approved', { mode: 'number' }).notNull(),
  disbursed: bigint('disbursed', { mode: 'number' }).notNull(),
  settled: bigint('settled', { mode: 'number' }).notNull(),
  /** Allocations approved below FRAGMENTED_SMALL_BELOW_VND (flag_rules). */
  smallAllocations: integer('small_allocations').notNull(),
  /** Allocations with disbursed > settled. */
  unsettledAllocations: integer('unsettled_allocations').notNull(),
}, (t) => [
  primaryKey({ columns: [t.modelId, t.year, t.sourceCode] }),
  index('model_rollup_commune').on(t.communeCode, t.year),
]);

/** Active allocations naming a household, per year × household × item × commune: OVERLAP's counts read these. */
export const householdItemRollup = finance.table('household_item_rollup', {
  year: integer('year').notNull(),
  householdId: text('household_id').notNull(),
  item: text('item').notNull(),
  communeCode: text('commune_code').notNull(),
  allocations: integer('allocations').notNull(),
}, (t) => [
  primaryKey({ columns: [t.year, t.householdId, t.item, t.communeCode] }),
  index('household_item_rollup_commune').on(t.communeCode, t.year),
]);

/** Guidance documents the plan asks Finance for; status is computed from the dates when read. */
export const guidanceDocuments = finance.table('guidance_documents', {
  id: text('id').primaryKey(),
  planCode: text('plan_code').notNull(),
  title: text('title').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  issuedOn: date('issued_on', { mode: 'string' }),
  documentNumber: text('document_number'),
  note: text('note'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('guidance_documents_plan').on(t.planCode, t.dueDate)]);

/** Append-only audit trail of Finance's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(finance);
