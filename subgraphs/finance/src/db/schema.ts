import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { FundingSourceKind } from '../generated/types';

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

/** Append-only audit trail of Finance's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(finance);
