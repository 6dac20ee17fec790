import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader } from '@ntg/subgraph-kit';
import { consultations } from '../db/schema';

export type ConsultationRow = typeof consultations.$inferSelect;

export function createConsultationLoaders(database: Database) {
  const { db } = database;
  return {
    consultation: rowLoader<string, ConsultationRow>((ids) => db.select().from(consultations).where(inArray(consultations.id, [...ids])), (r) => r.id),
    /** A model's consultations, oldest first: every model of a request in one statement. */
    modelConsultations: groupLoader<string, ConsultationRow>(
      (ids) => db.select().from(consultations).where(inArray(consultations.modelId, [...ids])).orderBy(asc(consultations.heldOn), asc(consultations.id)),
      (r) => r.modelId,
    ),
  };
}
