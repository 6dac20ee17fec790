import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { groupLoader } from '@ntg/subgraph-kit';
import { offtakeAgreements } from '../db/schema';
import type { OfftakeStatus } from '../generated/types';

export interface OfftakeAgreement {
  id: string;
  modelId: string;
  partnerId: string;
  product: string;
  volume: number;
  unit: string;
  pricePerUnit: number;
  period: { start: string; end: string };
  status: OfftakeStatus;
  synthetic: boolean;
}

/** The offtake agreements of every model in a request come from one statement. */
export function createOfftakeLoaders(database: Database) {
  return {
    modelOfftake: groupLoader<string, OfftakeAgreement>(async (modelIds) => {
      const rows = await database.db
        .select({
          modelId: offtakeAgreements.modelId,
          id: offtakeAgreements.id,
          partnerId: offtakeAgreements.partnerId,
          product: offtakeAgreements.product,
          // numeric comes back as text; the volume is a measured quantity, a float is its GraphQL type.
          volume: sql<number>`${offtakeAgreements.volume}::float8`,
          unit: offtakeAgreements.unit,
          pricePerUnit: offtakeAgreements.pricePerUnit,
          periodStart: offtakeAgreements.periodStart,
          periodEnd: offtakeAgreements.periodEnd,
          status: offtakeAgreements.status,
          synthetic: offtakeAgreements.synthetic,
        })
        .from(offtakeAgreements)
        .where(inArray(offtakeAgreements.modelId, [...modelIds]))
        .orderBy(asc(offtakeAgreements.periodStart), asc(offtakeAgreements.id));
      return rows.map(({ periodStart, periodEnd, ...agreement }) => ({ ...agreement, volume: Number(agreement.volume), period: { start: periodStart, end: periodEnd } }));
    }, (agreement) => agreement.modelId),
  };
}
