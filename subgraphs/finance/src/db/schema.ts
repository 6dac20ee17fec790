import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** Finance's own Postgres schema (Sở Tài chính): no other subgraph reads these tables. */
export const finance = pgSchema('finance');

export const FUNDING_SOURCE_KINDS = [
  'NATIONAL_TARGET_PROGRAMME',
  'FOR_THE_POOR_FUND',
  'PROVINCIAL_BUDGET',
  'DISTRICT_BUDGET',
  'ENTERPRISE',
  'PEOPLE_CONTRIBUTION',
  'POLICY_CREDIT',
] as const;
export type FundingSourceKind = (typeof FUNDING_SOURCE_KINDS)[number];

const oneOf = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

/** Where money comes from: reference data, filled by a migration; a new source is a new row. */
export const fundingSources = finance.table('funding_sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  legalBasis: text('legal_basis'),
}, (t) => [check('funding_sources_kind', sql`${t.kind} in ${oneOf(FUNDING_SOURCE_KINDS)}`)]);

/**
 * Money from one source for one year, to a livelihood model (DOLISA's registry; only its id is kept here) or
 * to a commune's programme in general. Approved, disbursed and settled (quyết toán) are whole VND.
 * Disbursed may exceed approved: that is a finding to flag, not a row to refuse.
 */
export const allocations = finance.table('allocations', {
  id: text('id').primaryKey(),
  sourceCode: text('source_code').notNull().references(() => fundingSources.code),
  modelId: text('model_id'),
  communeCode: text('commune_code').notNull(),
  year: integer('year').notNull(),
  approved: bigint('approved', { mode: 'number' }).notNull(),
  disbursed: bigint('disbursed', { mode: 'number' }).notNull().default(0),
  settled: bigint('settled', { mode: 'number' }).notNull().default(0),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('allocations_year_commune').on(t.year, t.communeCode),
  index('allocations_model').on(t.modelId),
  check('allocations_year', sql`${t.year} between 2000 and 2100`),
  check('allocations_approved', sql`${t.approved} >= 0`),
  check('allocations_disbursed', sql`${t.disbursed} >= 0`),
  check('allocations_settled', sql`${t.settled} >= 0 and ${t.settled} <= ${t.disbursed}`),
]);
