import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { OfftakeStatus, PartnerKind, TechnicalSupportChange, TechnicalSupportKind } from '../generated/types';

/** Agriculture's own Postgres schema (Sở NN&PTNT): no other subgraph reads these tables. */
export const agriculture = pgSchema('agriculture');

/** The techniques a technology transfer names: reference data, written by a migration, not by the graph. */
export const techniques = agriculture.table('techniques', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameVi: text('name_vi').notNull(),
});

/**
 * One support event given to a livelihood model: a training, a technology transfer, seed or breed supply,
 * an extension visit, a veterinary service. The model belongs to DOLISA's registry; only its id is kept here,
 * with the commune DOLISA gave for it when the event was recorded (the unit its figures count in).
 */
export const technicalSupports = agriculture.table('technical_supports', {
  id: text('id').primaryKey(),
  modelId: text('model_id').notNull(),
  communeCode: text('commune_code').notNull(),
  kind: text('kind', { enum: enumValues(TechnicalSupportKind) }).notNull(),
  supportDate: date('support_date', { mode: 'string' }).notNull(),
  provider: text('provider').notNull(),
  techniqueCode: text('technique_code').references(() => techniques.code),
  /** The count of the listed households when there is a list (technical_support_households), else as recorded. */
  householdsReached: integer('households_reached').notNull(),
  /** Whether the households are listed: householdsReached is then their count. */
  householdsListed: boolean('households_listed').notNull().default(false),
  cost: bigint('cost', { mode: 'number' }),
  note: text('note'),
  /** Cancelled events stay, and stop counting (rollups, lists, flags). */
  cancelledOn: date('cancelled_on', { mode: 'string' }),
  cancellationReason: text('cancellation_reason'),
  version: integer('version').notNull().default(1),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('technical_supports_model').on(t.modelId, t.supportDate),
  // "Any support in the 90 days up to a day": one index probe per model, counting only what was not cancelled.
  index('technical_supports_model_live').on(t.modelId, t.supportDate).where(sql`cancelled_on is null`),
  index('technical_supports_commune').on(t.communeCode, t.supportDate),
  enumCheck('technical_supports_kind', t.kind, enumValues(TechnicalSupportKind)),
  check('technical_supports_households_reached', sql`${t.householdsReached} >= 0`),
  check('technical_supports_cost', sql`${t.cost} is null or ${t.cost} >= 0`),
]);

/** The DOLISA households a support event lists as reached (ids only: the registry is DOLISA's). */
export const technicalSupportHouseholds = agriculture.table('technical_support_households', {
  supportId: text('support_id').notNull().references(() => technicalSupports.id),
  householdId: text('household_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.supportId, t.householdId] }),
  index('technical_support_households_household').on(t.householdId, t.supportId),
]);

/** Every version of a support event as it read after each change: nothing is overwritten without a trace. */
export const technicalSupportVersions = agriculture.table('technical_support_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  supportId: text('support_id').notNull().references(() => technicalSupports.id),
  version: integer('version').notNull(),
  change: text('change', { enum: enumValues(TechnicalSupportChange) }).notNull(),
  reason: text('reason'),
  kind: text('kind', { enum: enumValues(TechnicalSupportKind) }).notNull(),
  supportDate: date('support_date', { mode: 'string' }).notNull(),
  provider: text('provider').notNull(),
  techniqueCode: text('technique_code'),
  householdsReached: integer('households_reached').notNull(),
  householdIds: text('household_ids').array().notNull(),
  cost: bigint('cost', { mode: 'number' }),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('technical_support_versions_version').on(t.supportId, t.version),
  enumCheck('technical_support_versions_change', t.change, enumValues(TechnicalSupportChange)),
]);

/**
 * Support events counted per year × commune × kind × technique ('' for none), kept exact by statement triggers on
 * technical_supports (drizzle/0005): summaries of any unit read these rows, never the events. Its size follows the
 * units, kinds and techniques, not the number of events.
 */
export const supportRollup = agriculture.table('support_rollup', {
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  kind: text('kind').notNull(),
  techniqueCode: text('technique_code').notNull(),
  events: integer('events').notNull(),
  householdsReached: integer('households_reached').notNull(),
  syntheticEvents: integer('synthetic_events').notNull(),
  cost: bigint('cost', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.year, t.communeCode, t.kind, t.techniqueCode] })]);

/**
 * Events naming a technique per year × commune × technique × model, kept by the same triggers: how many distinct
 * models a technique reached in a unit (a count that does not add up from per-commune totals otherwise).
 */
export const techniqueModelRollup = agriculture.table('technique_model_rollup', {
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  techniqueCode: text('technique_code').notNull(),
  modelId: text('model_id').notNull(),
  events: integer('events').notNull(),
}, (t) => [primaryKey({ columns: [t.year, t.communeCode, t.techniqueCode, t.modelId] })]);

/** Enterprises, cooperatives, institutes and extension centres that buy products or transfer technique. */
export const partners = agriculture.table('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: enumValues(PartnerKind) }).notNull(),
  /** Normalised: 10 digits, or 10 digits "-" 3 digits for a branch. */
  taxCode: text('tax_code'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  enumCheck('partners_kind', t.kind, enumValues(PartnerKind)),
  uniqueIndex('partners_tax_code').on(t.taxCode),
  index('partners_kind_name').on(t.kind, t.name, t.id),
  index('partners_name').on(t.name, t.id),
  check('partners_tax_code_form', sql`${t.taxCode} is null or ${t.taxCode} ~ '^[0-9]{10}(-[0-9]{3})?$'`),
]);

/** The communes a partner serves. */
export const partnerCommunes = agriculture.table('partner_communes', {
  partnerId: text('partner_id').notNull().references(() => partners.id),
  communeCode: text('commune_code').notNull(),
}, (t) => [
  primaryKey({ columns: [t.partnerId, t.communeCode] }),
  index('partner_communes_commune').on(t.communeCode, t.partnerId),
]);

/** A partner's undertaking to buy a model's product: volume in a unit, at a price per unit, over a period. */
export const offtakeAgreements = agriculture.table('offtake_agreements', {
  id: text('id').primaryKey(),
  modelId: text('model_id').notNull(),
  communeCode: text('commune_code').notNull(),
  partnerId: text('partner_id').notNull().references(() => partners.id),
  product: text('product').notNull(),
  volume: numeric('volume', { precision: 14, scale: 3 }).notNull(),
  unit: text('unit').notNull(),
  pricePerUnit: bigint('price_per_unit', { mode: 'number' }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  status: text('status', { enum: enumValues(OfftakeStatus) }).notNull(),
  /** The day the current status took effect (a cancellation ends the period that fulfilment is measured over). */
  statusOn: date('status_on', { mode: 'string' }),
  signedOn: date('signed_on', { mode: 'string' }),
  /** Sums of the deliveries, kept exact by a statement trigger on offtake_deliveries (drizzle/0005). */
  deliveredVolume: numeric('delivered_volume', { precision: 16, scale: 3 }).notNull().default('0'),
  deliveredValue: bigint('delivered_value', { mode: 'number' }).notNull().default(0),
  deliveryCount: integer('delivery_count').notNull().default(0),
  version: integer('version').notNull().default(1),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('offtake_agreements_model').on(t.modelId, t.periodStart),
  index('offtake_agreements_partner').on(t.partnerId),
  enumCheck('offtake_agreements_status', t.status, enumValues(OfftakeStatus)),
  check('offtake_agreements_volume', sql`${t.volume} > 0`),
  check('offtake_agreements_price', sql`${t.pricePerUnit} >= 0`),
  check('offtake_agreements_period', sql`${t.periodEnd} >= ${t.periodStart}`),
]);

/** Every status change of an agreement, the first one (from null) included. */
export const offtakeStatusChanges = agriculture.table('offtake_status_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  agreementId: text('agreement_id').notNull().references(() => offtakeAgreements.id),
  fromStatus: text('from_status', { enum: enumValues(OfftakeStatus) }),
  toStatus: text('to_status', { enum: enumValues(OfftakeStatus) }).notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  note: text('note'),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('offtake_status_changes_agreement').on(t.agreementId, t.id),
  enumCheck('offtake_status_changes_to', t.toStatus, enumValues(OfftakeStatus)),
]);

/** One delivery under an agreement: dated, in the agreement's unit, at the price paid. Never changed. */
export const offtakeDeliveries = agriculture.table('offtake_deliveries', {
  id: text('id').primaryKey(),
  agreementId: text('agreement_id').notNull().references(() => offtakeAgreements.id),
  /** The agreement's commune, so yearly delivery figures roll up without a join. */
  communeCode: text('commune_code').notNull(),
  deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
  volume: numeric('volume', { precision: 14, scale: 3 }).notNull(),
  pricePerUnit: bigint('price_per_unit', { mode: 'number' }).notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  note: text('note'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('offtake_deliveries_agreement').on(t.agreementId, t.deliveredOn),
  check('offtake_deliveries_volume', sql`${t.volume} > 0`),
  check('offtake_deliveries_price', sql`${t.pricePerUnit} >= 0`),
]);

/** Deliveries counted per year × commune, kept exact by a statement trigger on offtake_deliveries (drizzle/0005). */
export const deliveryRollup = agriculture.table('delivery_rollup', {
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  deliveries: integer('deliveries').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.year, t.communeCode] })]);

/** Append-only audit trail of Agriculture's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(agriculture);
