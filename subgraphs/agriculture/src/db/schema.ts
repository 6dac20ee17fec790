import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { OfftakeStatus, PartnerKind, TechnicalSupportKind } from '../generated/types';

/** Agriculture's own Postgres schema (Sở NN&PTNT): no other subgraph reads these tables. */
export const agriculture = pgSchema('agriculture');

/**
 * One support event given to a livelihood model: a training, a technology transfer, seed or breed supply,
 * an extension visit, a veterinary service. The model belongs to DOLISA's registry; only its id is kept here.
 */
export const technicalSupports = agriculture.table('technical_supports', {
  id: text('id').primaryKey(),
  modelId: text('model_id').notNull(),
  /** The commune the model runs in, kept so commune summaries need no other department's data. */
  communeCode: text('commune_code').notNull(),
  kind: text('kind', { enum: enumValues(TechnicalSupportKind) }).notNull(),
  supportDate: date('support_date', { mode: 'string' }).notNull(),
  provider: text('provider').notNull(),
  householdsReached: integer('households_reached').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('technical_supports_model').on(t.modelId, t.supportDate),
  index('technical_supports_commune').on(t.communeCode, t.supportDate),
  enumCheck('technical_supports_kind', t.kind, enumValues(TechnicalSupportKind)),
  check('technical_supports_households_reached', sql`${t.householdsReached} >= 0`),
]);

/** Enterprises, cooperatives and institutes that buy products or transfer technique. */
export const partners = agriculture.table('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: enumValues(PartnerKind) }).notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [enumCheck('partners_kind', t.kind, enumValues(PartnerKind))]);

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
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('offtake_agreements_model').on(t.modelId, t.periodStart),
  index('offtake_agreements_partner').on(t.partnerId),
  enumCheck('offtake_agreements_status', t.status, enumValues(OfftakeStatus)),
  check('offtake_agreements_volume', sql`${t.volume} > 0`),
  check('offtake_agreements_price', sql`${t.pricePerUnit} >= 0`),
  check('offtake_agreements_period', sql`${t.periodEnd} >= ${t.periodStart}`),
]);

/** Append-only audit trail of Agriculture's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(agriculture);
