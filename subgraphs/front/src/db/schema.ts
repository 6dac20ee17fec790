import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import {
  CriticismOutcome, Department, FrontLevel, FundEntryChange, FundReceiptKind, OpinionStance, RecipientKind, type RecommendationStatus,
} from '../generated/types';

/** The stored states of a recommendation: OVERDUE (the SDL's fourth) is computed when read, never stored. */
const STORED_STATUS = { OPEN: 'OPEN', RESPONDED: 'RESPONDED', RESOLVED: 'RESOLVED' } as const satisfies Record<string, RecommendationStatus>;
export const STORED_RECOMMENDATION_STATUSES = enumValues(STORED_STATUS);
export type StoredRecommendationStatus = (typeof STORED_RECOMMENDATION_STATUSES)[number];

/** The Fatherland Front's own Postgres schema: no other subgraph reads these tables. */
export const front = pgSchema('front');

/**
 * One supervision (giám sát) by the Front at some level, held in a commune, usually of one livelihood model.
 * model_id is DOLISA's LivelihoodModel id, a graph key, not a foreign key: the registry lives in another subgraph.
 */
export const supervisions = front.table('supervisions', {
  id: text('id').primaryKey(),
  level: text('level', { enum: enumValues(FrontLevel) }).notNull(),
  communeCode: text('commune_code').notNull(),
  modelId: text('model_id'),
  supervisedOn: date('supervised_on', { mode: 'string' }).notNull(),
  subject: text('subject').notNull(),
  findings: text('findings').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  enumCheck('supervisions_level', t.level, enumValues(FrontLevel)),
  index('supervisions_commune').on(t.communeCode, t.supervisedOn),
  index('supervisions_model').on(t.modelId, t.supervisedOn),
]);

/**
 * A recommendation (kiến nghị) a supervision made. Only OPEN, RESPONDED and RESOLVED are stored: OVERDUE is
 * computed when read (OPEN past its due date), so it can never go stale. commune_code is the supervision's
 * (never changes), kept here so area lists and the rollup need no join.
 */
export const recommendations = front.table('recommendations', {
  id: text('id').primaryKey(),
  supervisionId: text('supervision_id').notNull().references(() => supervisions.id),
  communeCode: text('commune_code').notNull(),
  text: text('text').notNull(),
  addressedTo: text('addressed_to').notNull(),
  addresseeDepartment: text('addressee_department', { enum: enumValues(Department) }).notNull(),
  addresseeArea: text('addressee_area').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  status: text('status', { enum: STORED_RECOMMENDATION_STATUSES }).notNull(),
  response: text('response'),
  respondedOn: date('responded_on', { mode: 'string' }),
  resolvedOn: date('resolved_on', { mode: 'string' }),
  resolutionNote: text('resolution_note'),
  synthetic: boolean('synthetic').notNull().default(false),
}, (t) => [
  enumCheck('recommendations_status', t.status, STORED_RECOMMENDATION_STATUSES),
  enumCheck('recommendations_addressee_department', t.addresseeDepartment, enumValues(Department)),
  index('recommendations_supervision').on(t.supervisionId, t.dueDate),
  index('recommendations_area').on(t.communeCode, t.status, t.dueDate, t.id),
]);

/** Append-only history of every recommendation's stored status: made, answered, resolved. */
export const recommendationEvents = front.table('recommendation_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  recommendationId: text('recommendation_id').notNull().references(() => recommendations.id),
  fromStatus: text('from_status', { enum: STORED_RECOMMENDATION_STATUSES }),
  toStatus: text('to_status', { enum: STORED_RECOMMENDATION_STATUSES }).notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  note: text('note'),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('recommendation_events_recommendation').on(t.recommendationId, t.id)]);

/**
 * Recommendations per commune, stored status and due date, kept exact by statement triggers: OVERDUE counts are
 * `status = 'OPEN' and due_date < today` over these rows, so they follow the date without any write.
 */
export const recommendationRollup = front.table('recommendation_rollup', {
  communeCode: text('commune_code').notNull(),
  status: text('status', { enum: STORED_RECOMMENDATION_STATUSES }).notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  recommendations: integer('recommendations').notNull(),
}, (t) => [primaryKey({ columns: [t.communeCode, t.status, t.dueDate] })]);

/** A consultation of the people on a livelihood model (DOLISA's id); the counts add up to the participants. */
export const consultations = front.table('consultations', {
  id: text('id').primaryKey(),
  modelId: text('model_id').notNull(),
  communeCode: text('commune_code').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  participants: integer('participants').notNull(),
  agree: integer('agree').notNull(),
  disagree: integer('disagree').notNull(),
  abstain: integer('abstain').notNull(),
  minutes: text('minutes'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('consultations_counts', sql`${t.participants} > 0 and ${t.agree} >= 0 and ${t.disagree} >= 0 and ${t.abstain} >= 0 and ${t.agree} + ${t.disagree} + ${t.abstain} = ${t.participants}`),
  index('consultations_model').on(t.modelId, t.heldOn),
]);

/**
 * A social criticism session by the committee of unit_code. place_code is where it counts in area lists: the
 * model's commune for a session on a model, else the committee's own unit.
 */
export const socialCriticisms = front.table('social_criticisms', {
  id: text('id').primaryKey(),
  level: text('level', { enum: enumValues(FrontLevel) }).notNull(),
  unitCode: text('unit_code').notNull(),
  placeCode: text('place_code').notNull(),
  modelId: text('model_id'),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  subject: text('subject').notNull(),
  documentRef: text('document_ref'),
  outcome: text('outcome', { enum: enumValues(CriticismOutcome) }).notNull(),
  conclusion: text('conclusion').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  enumCheck('social_criticisms_level', t.level, enumValues(FrontLevel)),
  enumCheck('social_criticisms_outcome', t.outcome, enumValues(CriticismOutcome)),
  check('social_criticisms_subject', sql`${t.documentRef} is not null or ${t.modelId} is not null`),
  index('social_criticisms_place').on(t.placeCode, t.heldOn, t.id),
]);

/** The opinions of a social criticism session, in the order given. */
export const criticismOpinions = front.table('criticism_opinions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  criticismId: text('criticism_id').notNull().references(() => socialCriticisms.id),
  position: integer('position').notNull(),
  givenBy: text('given_by').notNull(),
  stance: text('stance', { enum: enumValues(OpinionStance) }).notNull(),
  text: text('text').notNull(),
}, (t) => [
  enumCheck('criticism_opinions_stance', t.stance, enumValues(OpinionStance)),
  index('criticism_opinions_criticism').on(t.criticismId, t.position),
]);

/**
 * One For the Poor fund per unit (the province "58", a district, a commune): the row a spending locks, so two
 * spendings of one fund take turns and cannot together overdraw it. Created on the fund's first receipt.
 */
export const funds = front.table('funds', {
  unitCode: text('unit_code').primaryKey(),
  level: text('level', { enum: enumValues(FrontLevel) }).notNull(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [enumCheck('funds_level', t.level, enumValues(FrontLevel))]);

/**
 * A fund entry's version and cancellation mark: a correction bumps the version (the versions before stay in the
 * entry's versions table), a cancellation sets the mark; a cancelled entry stays, counted nowhere.
 */
const entryState = () => ({
  version: integer('version').notNull().default(1),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelledBy: text('cancelled_by'),
  cancellationReason: text('cancellation_reason'),
});

/** Money or goods (valued in VND) a fund received: the receipt as it reads now (its latest version). */
export const fundReceipts = front.table('fund_receipts', {
  id: text('id').primaryKey(),
  unitCode: text('unit_code').notNull().references(() => funds.unitCode),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  donor: text('donor').notNull(),
  kind: text('kind', { enum: enumValues(FundReceiptKind) }).notNull(),
  value: bigint('value', { mode: 'number' }).notNull(),
  description: text('description'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  ...entryState(),
}, (t) => [
  enumCheck('fund_receipts_kind', t.kind, enumValues(FundReceiptKind)),
  check('fund_receipts_value', sql`${t.value} > 0`),
  check('fund_receipts_cancellation', sql`(${t.cancelledAt} is null) = (${t.cancellationReason} is null)`),
  index('fund_receipts_fund').on(t.unitCode, t.receivedOn, t.id),
]);

/**
 * Append-only versions of the receipts that were corrected or cancelled: the first change writes the version it
 * replaces (as recorded) and its own, so a receipt never changed has only its row, version 1.
 */
export const fundReceiptVersions = front.table('fund_receipt_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  receiptId: text('receipt_id').notNull().references(() => fundReceipts.id),
  version: integer('version').notNull(),
  change: text('change', { enum: enumValues(FundEntryChange) }).notNull(),
  reason: text('reason'),
  unitCode: text('unit_code').notNull(),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  donor: text('donor').notNull(),
  kind: text('kind', { enum: enumValues(FundReceiptKind) }).notNull(),
  value: bigint('value', { mode: 'number' }).notNull(),
  description: text('description'),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('fund_receipt_versions_version').on(t.receiptId, t.version),
  enumCheck('fund_receipt_versions_change', t.change, enumValues(FundEntryChange)),
]);

/** A fund's spending on one household or one model (DOLISA's ids); commune_code is the recipient's. */
export const fundSpendings = front.table('fund_spendings', {
  id: text('id').primaryKey(),
  unitCode: text('unit_code').notNull().references(() => funds.unitCode),
  spentOn: date('spent_on', { mode: 'string' }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  purpose: text('purpose').notNull(),
  householdId: text('household_id'),
  modelId: text('model_id'),
  communeCode: text('commune_code').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  ...entryState(),
}, (t) => [
  check('fund_spendings_amount', sql`${t.amount} > 0`),
  check('fund_spendings_recipient', sql`(${t.householdId} is null) <> (${t.modelId} is null)`),
  check('fund_spendings_cancellation', sql`(${t.cancelledAt} is null) = (${t.cancellationReason} is null)`),
  index('fund_spendings_fund').on(t.unitCode, t.spentOn, t.id),
]);

/** Append-only versions of the spending records that were corrected or cancelled (as fund_receipt_versions). */
export const fundSpendingVersions = front.table('fund_spending_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  spendingId: text('spending_id').notNull().references(() => fundSpendings.id),
  version: integer('version').notNull(),
  change: text('change', { enum: enumValues(FundEntryChange) }).notNull(),
  reason: text('reason'),
  spentOn: date('spent_on', { mode: 'string' }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  purpose: text('purpose').notNull(),
  householdId: text('household_id'),
  modelId: text('model_id'),
  communeCode: text('commune_code').notNull(),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('fund_spending_versions_version').on(t.spendingId, t.version),
  enumCheck('fund_spending_versions_change', t.change, enumValues(FundEntryChange)),
]);

/**
 * Each fund's flows per year, kept exact by statement triggers on receipts and spending: the sums and counts are
 * of standing entries only; the cancelled ones are counted apart, for lists asked to include them.
 */
export const fundRollup = front.table('fund_rollup', {
  unitCode: text('unit_code').notNull(),
  year: integer('year').notNull(),
  receipts: bigint('receipts', { mode: 'number' }).notNull(),
  spending: bigint('spending', { mode: 'number' }).notNull(),
  receiptCount: integer('receipt_count').notNull(),
  spendingCount: integer('spending_count').notNull(),
  cancelledReceiptCount: integer('cancelled_receipt_count').notNull().default(0),
  cancelledSpendingCount: integer('cancelled_spending_count').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.unitCode, t.year] })]);

/**
 * A commendation by the committee of unit_code. place_code is where it counts in area lists: its commune (the
 * model's, or the one named) when it has one, else the committee's unit.
 */
export const commendations = front.table('commendations', {
  id: text('id').primaryKey(),
  level: text('level', { enum: enumValues(FrontLevel) }).notNull(),
  unitCode: text('unit_code').notNull(),
  placeCode: text('place_code').notNull(),
  communeCode: text('commune_code'),
  modelId: text('model_id'),
  awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
  recipient: text('recipient').notNull(),
  recipientKind: text('recipient_kind', { enum: enumValues(RecipientKind) }).notNull(),
  reason: text('reason').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  enumCheck('commendations_level', t.level, enumValues(FrontLevel)),
  enumCheck('commendations_recipient_kind', t.recipientKind, enumValues(RecipientKind)),
  index('commendations_place').on(t.placeCode, t.awardedOn, t.id),
  index('commendations_model').on(t.modelId, t.awardedOn),
]);

/** Append-only audit trail of the Front's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(front);
