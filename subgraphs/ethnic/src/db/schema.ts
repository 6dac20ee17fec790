import { sql } from 'drizzle-orm';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { boolean, check, date, doublePrecision, integer, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { EthnicArea } from '../generated/types';

/** The Ethnic Committee's own Postgres schema: no other subgraph reads these tables. */
export const ethnic = pgSchema('ethnic');

/**
 * The 54 groups of the GSO ethnic classification (Decision 121-TCTK/PPCĐ, 1979), as the Ethnic Committee's reference
 * package @ntg/ethnic-groups lists them (which DOLISA counts minorities by): loaded by a migration, later changes
 * generated from the package (`run db:groups`); a spec proves table, package and served list agree. Every group
 * except Kinh ("01") is an ethnic minority.
 */
export const ethnicGroups = ethnic.table('ethnic_groups', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  isMinority: boolean('is_minority').notNull(),
}, (t) => [check('ethnic_groups_code_two_digits', sql`${t.code} ~ '^[0-9]{2}$'`)]);

/**
 * Every decision classifying a commune (Decision 861/QĐ-TTg and later ones), append-only: a trigger forbids
 * UPDATE and DELETE. A decision is in force from `effective_on` until the commune's next decision takes effect,
 * so the end of its validity is derived, never written, and a past date always finds the class then in force.
 * NONE records a decision that takes a commune off the list; a commune without rows was never classified.
 */
export const ethnicAreaHistory = ethnic.table('ethnic_area_history', {
  communeCode: text('commune_code').notNull(),
  area: text('area', { enum: enumValues(EthnicArea) }).notNull(),
  decision: text('decision').notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  /** Token subject of the officer who recorded it; null for decisions loaded by migrations. */
  recordedBy: text('recorded_by'),
}, (t) => [
  // Also the index of every lookup: a commune's latest decision on or before a date.
  primaryKey({ columns: [t.communeCode, t.effectiveOn] }),
  enumCheck('ethnic_area_history_area', t.area, enumValues(EthnicArea)),
]);

/** FRACTION: a share in [0,1]; PP: a change of a rate in percentage points (the kit's TargetMeasure). */
const TARGET_MEASURES: ['FRACTION', 'PP'] = ['FRACTION', 'PP'];

/**
 * The plans' targets the Ethnic Committee measures (T4 of 249/KHPH-UBND-MTTQ), as data: a revised target or
 * another plan is a row, not a code change. The plan itself is DOLISA's; `plan_code` is its key.
 */
export const minorityTargets = ethnic.table('minority_targets', {
  planCode: text('plan_code').notNull(),
  targetId: text('target_id').notNull(),
  year: integer('year').notNull(),
  /** How the figure is computed: MINORITY_POOR_RATE_CHANGE. */
  metric: text('metric').notNull(),
  scope: text('scope').notNull(),
  /** The unit the target is measured on (province "58"). */
  unitCode: text('unit_code').notNull(),
  measure: text('measure', { enum: TARGET_MEASURES }).notNull(),
  min: doublePrecision('min'),
  max: doublePrecision('max'),
  /** "More than 3 pp": the bound itself does not meet the target. */
  boundExclusive: boolean('bound_exclusive').notNull(),
  description: text('description').notNull(),
}, (t) => [
  primaryKey({ columns: [t.planCode, t.targetId, t.year] }),
  enumCheck('minority_targets_measure', t.measure, TARGET_MEASURES),
]);

/** Append-only audit trail of the Ethnic Committee's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(ethnic);
