import { sql } from 'drizzle-orm';
import { auditLogTable } from '@ntg/auth';
import { boolean, check, date, index, pgSchema, primaryKey, text } from 'drizzle-orm/pg-core';

/** The Ethnic Committee's own Postgres schema: no other subgraph reads these tables. */
export const ethnic = pgSchema('ethnic');

/**
 * The 54 groups of the GSO ethnic classification (Decision 121-TCTK/PPCĐ, 1979), loaded by a migration.
 * Every group except Kinh ("01") is an ethnic minority.
 */
export const ethnicGroups = ethnic.table('ethnic_groups', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  isMinority: boolean('is_minority').notNull(),
}, (t) => [check('ethnic_groups_code_two_digits', sql`${t.code} ~ '^[0-9]{2}$'`)]);

/**
 * Ethnic-minority and mountainous area classification of communes (Region I, II, III), dated: a new decision
 * closes the old rows (valid_until) and adds new ones, so a past date still finds the classification then in force.
 * A commune without a row in force is not classified.
 */
export const ethnicAreaClassifications = ethnic.table('ethnic_area_classifications', {
  communeCode: text('commune_code').notNull(),
  region: text('region').notNull(),
  decision: text('decision').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.communeCode, t.validFrom] }),
  check('ethnic_area_classifications_region', sql`${t.region} in ('REGION_I', 'REGION_II', 'REGION_III')`),
  check('ethnic_area_classifications_span', sql`${t.validUntil} is null or ${t.validUntil} >= ${t.validFrom}`),
  index('ethnic_area_classifications_in_force').on(t.validFrom, t.validUntil),
]);

/** Append-only audit trail of the Ethnic Committee's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(ethnic);
