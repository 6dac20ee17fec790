import { count } from 'drizzle-orm';
import { bulkInsert, type Database } from '@ntg/db';
import type { SeedOptions } from '@ntg/subgraph-kit';
import { partners, technicalSupports } from '../db/schema';
import { generateAgricultureSeed } from './generate';

/**
 * Writes Agriculture's part of the demo programme when its tables are empty; every row is flagged synthetic.
 * Row counts are per planned model, so `scale` does not apply.
 */
export async function seedAgriculture(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [supportRows] = await db.select({ n: count() }).from(technicalSupports);
  const [partnerRows] = await db.select({ n: count() }).from(partners);
  if ((supportRows?.n ?? 0) > 0 || (partnerRows?.n ?? 0) > 0) return {};

  const data = generateAgricultureSeed(options.seed);
  await db.transaction(async (tx) => {
    await bulkInsert(tx, 'agriculture.partners', { id: 'text', name: 'text', kind: 'text', synthetic: 'boolean' },
      data.partners.map((p) => ({ ...p, synthetic: true })));
    await bulkInsert(tx, 'agriculture.technical_supports', {
      id: 'text', model_id: 'text', commune_code: 'text', kind: 'text', support_date: 'date', provider: 'text',
      households_reached: 'int', synthetic: 'boolean',
    }, data.supports.map((s) => ({
      id: s.id, model_id: s.modelId, commune_code: s.communeCode, kind: s.kind, support_date: s.supportDate,
      provider: s.provider, households_reached: s.householdsReached, synthetic: true,
    })));
    await bulkInsert(tx, 'agriculture.offtake_agreements', {
      id: 'text', model_id: 'text', commune_code: 'text', partner_id: 'text', product: 'text', volume: 'numeric',
      unit: 'text', price_per_unit: 'bigint', period_start: 'date', period_end: 'date', status: 'text', synthetic: 'boolean',
    }, data.offtakes.map((o) => ({
      id: o.id, model_id: o.modelId, commune_code: o.communeCode, partner_id: o.partnerId, product: o.product,
      volume: o.volume, unit: o.unit, price_per_unit: o.pricePerUnit, period_start: o.periodStart,
      period_end: o.periodEnd, status: o.status, synthetic: true,
    })));
  });
  return { partners: data.partners.length, technicalSupports: data.supports.length, offtakeAgreements: data.offtakes.length };
}
