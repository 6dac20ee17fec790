import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader, rowLoader } from '@ntg/subgraph-kit';
import { daysBetween, minDate } from '../dates';
import { offtakeAgreements, offtakeDeliveries, offtakeStatusChanges } from '../db/schema';

export type AgreementRow = typeof offtakeAgreements.$inferSelect;
export type DeliveryRow = typeof offtakeDeliveries.$inferSelect;
export type StatusChangeRow = typeof offtakeStatusChanges.$inferSelect;

/**
 * Delivered volume ÷ the volume due by `today`: the agreed volume prorated over the days of the period elapsed, up
 * to today (or the day it was cancelled); all of it once COMPLETED. Null while nothing is due: NEGOTIATING, or
 * before the period starts. Computed at read time from the agreement's row (its delivery totals are kept there).
 */
export function fulfilmentRate(agreement: Pick<AgreementRow, 'status' | 'statusOn' | 'periodStart' | 'periodEnd' | 'volume' | 'deliveredVolume'>, today: string): number | null {
  if (agreement.status === 'NEGOTIATING') return null;
  const until = agreement.status === 'COMPLETED' ? agreement.periodEnd
    : minDate(agreement.status === 'CANCELLED' ? agreement.statusOn ?? today : today, agreement.periodEnd);
  const periodDays = daysBetween(agreement.periodStart, agreement.periodEnd) + 1;
  const elapsedDays = Math.min(periodDays, daysBetween(agreement.periodStart, until) + 1);
  if (elapsedDays <= 0) return null;
  const due = (Number(agreement.volume) * elapsedDays) / periodDays;
  return Number(agreement.deliveredVolume) / due;
}

/** Agreements, their deliveries and status changes: one statement per kind of lookup and request. */
export function createOfftakeLoaders(database: Database) {
  const { db } = database;
  const byPeriod = [asc(offtakeAgreements.periodStart), asc(offtakeAgreements.id)];
  return {
    agreementById: rowLoader<string, AgreementRow>((ids) => db.select().from(offtakeAgreements).where(inArray(offtakeAgreements.id, [...ids])), (r) => r.id),
    modelAgreements: groupLoader<string, AgreementRow>(
      (ids) => db.select().from(offtakeAgreements).where(inArray(offtakeAgreements.modelId, [...ids])).orderBy(...byPeriod),
      (r) => r.modelId,
    ),
    partnerAgreements: groupLoader<string, AgreementRow>(
      (ids) => db.select().from(offtakeAgreements).where(inArray(offtakeAgreements.partnerId, [...ids])).orderBy(...byPeriod),
      (r) => r.partnerId,
    ),
    agreementDeliveries: groupLoader<string, DeliveryRow>(
      (ids) => db.select().from(offtakeDeliveries).where(inArray(offtakeDeliveries.agreementId, [...ids]))
        .orderBy(asc(offtakeDeliveries.deliveredOn), asc(offtakeDeliveries.recordedAt), asc(offtakeDeliveries.id)),
      (r) => r.agreementId,
    ),
    agreementStatusChanges: groupLoader<string, StatusChangeRow>(
      (ids) => db.select().from(offtakeStatusChanges).where(inArray(offtakeStatusChanges.agreementId, [...ids])).orderBy(asc(offtakeStatusChanges.id)),
      (r) => r.agreementId,
    ),
  };
}
