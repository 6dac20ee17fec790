import { auditLogTable } from '@ntg/auth';
import { date, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The department's own Postgres schema: no other subgraph reads these tables. */
export const __dept__ = pgSchema('__dept__');

/** Visits to communes (the template's example table). */
export const visits = __dept__.table('visits', {
  id: text('id').primaryKey(),
  communeCode: text('commune_code').notNull(),
  visitedOn: date('visited_on', { mode: 'string' }).notNull(),
  purpose: text('purpose').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [index('visits_commune').on(t.communeCode, t.visitedOn)]);

/** Append-only audit trail of the department's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(__dept__);
