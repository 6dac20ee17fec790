import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** DOLISA's own Postgres schema: no other subgraph reads these tables. */
export const dolisa = pgSchema('dolisa');

/** Dated poverty standards: a new decree is a new row, not a code change. */
export const povertyStandards = dolisa.table('poverty_standards', {
  id: serial('id').primaryKey(),
  decree: text('decree').notNull(),
  fromYear: integer('from_year').notNull(),
  toYear: integer('to_year').notNull(),
  areaType: text('area_type').notNull(),
  incomeLine: bigint('income_line', { mode: 'number' }).notNull(),
  averageLivingCeiling: bigint('average_living_ceiling', { mode: 'number' }).notNull(),
  minDeprivationsForPoor: integer('min_deprivations_for_poor').notNull(),
}, (t) => [uniqueIndex('poverty_standards_span').on(t.areaType, t.fromYear)]);

export const households = dolisa.table('households', {
  id: text('id').primaryKey(),
  communeCode: text('commune_code').notNull(),
  memberCount: integer('member_count').notNull(),
  /** GSO ethnic code of the head; the Ethnic Committee owns the EthnicGroup entity. */
  headEthnicGroup: text('head_ethnic_group').notNull(),
  /** Personal data. */
  headName: text('head_name').notNull(),
  /** Personal data. */
  headIdNumber: text('head_id_number'),
  registeredOn: date('registered_on', { mode: 'string' }).notNull(),
  dissolvedOn: date('dissolved_on', { mode: 'string' }),
  synthetic: boolean('synthetic').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('households_commune').on(t.communeCode, t.id)]);

/** Append-only history of every household change: nothing is overwritten without a trace. */
export const householdVersions = dolisa.table('household_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  version: integer('version').notNull(),
  change: text('change').notNull(),
  snapshot: jsonb('snapshot').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  changedBy: text('changed_by'),
}, (t) => [uniqueIndex('household_versions_version').on(t.householdId, t.version)]);

/**
 * One row per assessment version. The commune, area type and minority flag are recorded as they were at the
 * review, so a household that later moves is still counted where it lived that year.
 */
export const povertyAssessments = dolisa.table('poverty_assessments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  areaType: text('area_type').notNull(),
  minority: boolean('minority').notNull(),
  memberCount: integer('member_count').notNull(),
  incomePerCapitaMonthly: bigint('income_per_capita_monthly', { mode: 'number' }).notNull(),
  deprivations: text('deprivations').array().notNull(),
  classification: text('classification').notNull(),
  standardId: integer('standard_id').notNull().references(() => povertyStandards.id),
  assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  /** False once a correction replaced this version; the old row stays. */
  isCurrent: boolean('is_current').notNull().default(true),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  uniqueIndex('poverty_assessments_one_current').on(t.householdId, t.year).where(sql`${t.isCurrent}`),
  index('poverty_assessments_stats').on(t.year, t.communeCode, t.classification).where(sql`${t.isCurrent}`),
]);
