import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader } from '@ntg/subgraph-kit';
import { technicalSupportHouseholds, technicalSupports, technicalSupportVersions } from '../db/schema';
import type { SupportReachFlag } from '../generated/types';

export type SupportRow = typeof technicalSupports.$inferSelect;
export type SupportVersionRow = typeof technicalSupportVersions.$inferSelect;

/**
 * Whether a household is a participant of the event's model, as far as the read path knows it from DOLISA (true,
 * false), or null when the path carries no participation (a mutation's result).
 */
export type ParticipantCheck = (householdId: string) => boolean | null;

/** A support event as its resolvers receive it: the row, and what the path knows about participation. */
export interface SupportView extends SupportRow {
  readonly participantCheck?: ParticipantCheck;
}

/** A household an event lists, with its flags (null when unknown on this path). */
export interface ReachedHouseholdView {
  householdId: string;
  flags: SupportReachFlag[] | null;
}

/** Support events, their listed households and versions: one statement per kind of lookup and request. */
export function createSupportLoaders(database: Database) {
  const { db } = database;
  return {
    supportById: rowLoader<string, SupportRow>((ids) => db.select().from(technicalSupports).where(inArray(technicalSupports.id, [...ids])), (r) => r.id),
    /** Every event of each model (cancelled ones too: the resolver decides), oldest first. */
    modelSupports: groupLoader<string, SupportRow>(
      (modelIds) => db.select().from(technicalSupports).where(inArray(technicalSupports.modelId, [...modelIds]))
        .orderBy(asc(technicalSupports.supportDate), asc(technicalSupports.id)),
      (r) => r.modelId,
    ),
    supportHouseholds: groupLoader<string, { supportId: string; householdId: string }>(
      (supportIds) => db.select().from(technicalSupportHouseholds).where(inArray(technicalSupportHouseholds.supportId, [...supportIds]))
        .orderBy(asc(technicalSupportHouseholds.supportId), asc(technicalSupportHouseholds.householdId)),
      (r) => r.supportId,
    ),
    supportVersions: groupLoader<string, SupportVersionRow>(
      (supportIds) => db.select().from(technicalSupportVersions).where(inArray(technicalSupportVersions.supportId, [...supportIds]))
        .orderBy(asc(technicalSupportVersions.supportId), asc(technicalSupportVersions.version)),
      (r) => r.supportId,
    ),
    /** The events (not cancelled) that list each household, oldest first; the year is filtered by the resolver. */
    householdSupports: groupLoader<string, SupportRow & { householdId: string }>(
      async (householdIds) => {
        const rows = await db.select({ householdId: technicalSupportHouseholds.householdId, support: technicalSupports })
          .from(technicalSupportHouseholds)
          .innerJoin(technicalSupports, eq(technicalSupports.id, technicalSupportHouseholds.supportId))
          .where(and(inArray(technicalSupportHouseholds.householdId, [...householdIds]), isNull(technicalSupports.cancelledOn)))
          .orderBy(asc(technicalSupports.supportDate), asc(technicalSupports.id));
        return rows.map((r) => ({ ...r.support, householdId: r.householdId }));
      },
      (r) => r.householdId,
    ),
  };
}
