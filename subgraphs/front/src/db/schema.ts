import { boolean, date, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '@ntg/auth';
import { enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { SupervisionLevel, type RecommendationStatus } from '../generated/types';

/** The stored states of a recommendation: OVERDUE (the SDL's fourth) is computed when read, never stored. */
const STORED_STATUS = { OPEN: 'OPEN', RESPONDED: 'RESPONDED', RESOLVED: 'RESOLVED' } as const satisfies Record<string, RecommendationStatus>;
export const STORED_RECOMMENDATION_STATUSES = enumValues(STORED_STATUS);

/** The Fatherland Front's own Postgres schema: no other subgraph reads these tables. */
export const front = pgSchema('front');

/**
 * One supervision (giám sát) by the Front at some level, held in a commune, usually of one livelihood model.
 * model_id is DOLISA's LivelihoodModel id, a graph key, not a foreign key: the registry lives in another subgraph.
 */
export const supervisions = front.table('supervisions', {
  id: text('id').primaryKey(),
  level: text('level', { enum: enumValues(SupervisionLevel) }).notNull(),
  communeCode: text('commune_code').notNull(),
  modelId: text('model_id'),
  supervisedOn: date('supervised_on', { mode: 'string' }).notNull(),
  subject: text('subject').notNull(),
  findings: text('findings').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  enumCheck('supervisions_level', t.level, enumValues(SupervisionLevel)),
  index('supervisions_commune').on(t.communeCode, t.supervisedOn),
  index('supervisions_model').on(t.modelId, t.supervisedOn),
]);

/**
 * A recommendation (kiến nghị) a supervision made. Only OPEN, RESPONDED and RESOLVED are stored: OVERDUE is
 * computed when read (OPEN past its due date), so it can never go stale.
 */
export const recommendations = front.table('recommendations', {
  id: text('id').primaryKey(),
  supervisionId: text('supervision_id').notNull().references(() => supervisions.id),
  text: text('text').notNull(),
  addressedTo: text('addressed_to').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  status: text('status', { enum: STORED_RECOMMENDATION_STATUSES }).notNull(),
  response: text('response'),
  respondedOn: date('responded_on', { mode: 'string' }),
  synthetic: boolean('synthetic').notNull().default(false),
}, (t) => [
  enumCheck('recommendations_status', t.status, STORED_RECOMMENDATION_STATUSES),
  index('recommendations_supervision').on(t.supervisionId, t.dueDate),
]);

/** Append-only audit trail of the Front's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(front);
