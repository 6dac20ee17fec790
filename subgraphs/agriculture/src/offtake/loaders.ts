import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@ntg/db';
import { offtakeAgreements, partners, type OfftakeStatus, type PartnerKind } from '../db/schema';

export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
  synthetic: boolean;
}

export interface OfftakeAgreement {
  id: string;
  partnerId: string;
  product: string;
  volume: number;
  unit: string;
  pricePerUnit: number;
  period: { start: string; end: string };
  status: OfftakeStatus;
  synthetic: boolean;
}

/** Request-scoped: partners by id, one statement per batch; unknown ids give null. */
export function createPartnerLoader(database: Database): DataLoader<string, Partner | null> {
  return new DataLoader<string, Partner | null>(async (ids) => {
    const rows = await database.db
      .select({ id: partners.id, name: partners.name, kind: partners.kind, synthetic: partners.synthetic })
      .from(partners)
      .where(inArray(partners.id, [...ids]));
    const byId = new Map(rows.map((r) => [r.id, { ...r, kind: r.kind as PartnerKind }]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Request-scoped: the offtake agreements of every model in a request come from one statement. */
export function createModelOfftakeLoader(database: Database): DataLoader<string, OfftakeAgreement[]> {
  return new DataLoader<string, OfftakeAgreement[]>(async (modelIds) => {
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
    const byModel = new Map<string, OfftakeAgreement[]>(modelIds.map((id) => [id, []]));
    for (const { modelId, periodStart, periodEnd, ...agreement } of rows) {
      byModel.get(modelId)?.push({
        ...agreement,
        volume: Number(agreement.volume),
        status: agreement.status as OfftakeStatus,
        period: { start: periodStart, end: periodEnd },
      });
    }
    return modelIds.map((id) => byModel.get(id) ?? []);
  });
}
