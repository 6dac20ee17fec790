import { count } from 'drizzle-orm';
import type { Database, Db } from '@ntg/db';
import { createWriteScope, makeCaller, notFound, todayInVietnam, type SeedOptions, type WriteScope } from '@ntg/subgraph-kit';
import { plannedModels } from '@ntg/synthetic';
import { auditLog, partners, technicalSupports } from '../db/schema';
import type { Lookups } from '../lookups';
import { changeOfftakeStatus, recordDelivery, signOfftakeAgreement } from '../offtake/service';
import { registerPartner } from '../partners/service';
import { recordTechnicalSupport } from '../support/service';
import { bulkWriteSeedData } from './bulk';
import { generateAgricultureSeed, type AgricultureSeedData } from './generate';

/** Who the seed writes as: the audit trail shows its entries as the seed's. */
export const SEED_CALLER = makeCaller({ subject: 'synthetic-seed', department: 'AGRICULTURE', role: 'officer', area: '58' });

/**
 * The demo programme as the seed's lookups: the seed runs before the graph is up and writes only for the planned
 * models, whose ids and communes every department's seed shares (plannedModels). It lists no households.
 */
export function programmeLookups(seed: number): Lookups {
  const models = new Map(plannedModels(seed).map((m) => [m.id, { id: m.id, communeCode: m.communeCode, status: m.status }]));
  return {
    model: async (id, field) => {
      const model = models.get(id);
      if (!model) throw notFound(`No planned model "${id}"`, field);
      return model;
    },
    households: async (ids, field) => {
      if (ids.length > 0) throw notFound('The demo programme lists no households', field);
      return new Map();
    },
  };
}

/**
 * Writes a generated programme through the department's own services, exactly as officers' mutations would
 * (validation, history rows, audit entries, and the rollups their triggers keep), flagged synthetic.
 */
export async function writeSeedData(tx: Db, data: AgricultureSeedData, lookups: Lookups): Promise<void> {
  const scopes = new Map<string, WriteScope>();
  const scope = (operation: string) => {
    let existing = scopes.get(operation);
    if (!existing) scopes.set(operation, (existing = createWriteScope({ tx, caller: SEED_CALLER, auditLog, operation })));
    return existing;
  };
  const synthetic = { synthetic: true } as const;
  for (const { id, communeCodes, ...partner } of data.partners) {
    await registerPartner(scope('registerPartner'), { ...partner, communeCodes }, { id, ...synthetic });
  }
  for (const s of data.supports) {
    await recordTechnicalSupport(scope('recordTechnicalSupport'), {
      modelId: s.modelId, kind: s.kind, date: s.supportDate, provider: s.provider, techniqueCode: s.techniqueCode,
      householdsReached: s.householdsReached, cost: s.cost,
    }, lookups, { id: s.id, ...synthetic });
  }
  for (const o of data.offtakes) {
    let agreement = await signOfftakeAgreement(scope('signOfftakeAgreement'), {
      modelId: o.modelId, partnerId: o.partnerId, product: o.product, volume: o.volume, unit: o.unit, pricePerUnit: o.pricePerUnit,
      periodStart: o.periodStart, periodEnd: o.periodEnd, signedOn: o.signedOn,
    }, lookups, { id: o.id, ...synthetic });
    // Deliveries are recorded while the agreement is ACTIVE: before it completes or is cancelled, or at the end.
    let delivered = false;
    const deliver = async () => {
      delivered = true;
      for (const d of o.deliveries) {
        await recordDelivery(scope('recordDelivery'), { agreementId: o.id, input: { date: d.date, volume: d.volume, pricePerUnit: d.pricePerUnit } }, { id: d.id, ...synthetic });
      }
    };
    for (const change of o.changes) {
      if (agreement.status === 'ACTIVE' && !delivered) await deliver();
      agreement = await changeOfftakeStatus(scope('changeOfftakeStatus'), { id: o.id, expectedVersion: agreement.version, status: change.status, on: change.on });
    }
    if (agreement.status === 'ACTIVE' && !delivered) await deliver();
  }
}

/**
 * Writes Agriculture's part of the demo programme when its tables are empty, every row flagged synthetic, by the
 * bulk path that seed.spec.ts shows equal to the services (writeSeedData): a few statements instead of thousands,
 * since every start of the graph and every gateway test seeds. Row counts are per planned model: `scale` does not apply.
 */
export async function seedAgriculture(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [supportRows] = await db.select({ n: count() }).from(technicalSupports);
  const [partnerRows] = await db.select({ n: count() }).from(partners);
  if ((supportRows?.n ?? 0) > 0 || (partnerRows?.n ?? 0) > 0) return {};

  const data = generateAgricultureSeed(options.seed);
  await db.transaction((tx) => bulkWriteSeedData(tx as unknown as Db, data, { actor: SEED_CALLER.subject, today: todayInVietnam() }));
  return {
    partners: data.partners.length, technicalSupports: data.supports.length, offtakeAgreements: data.offtakes.length,
    offtakeDeliveries: data.offtakes.reduce((n, o) => n + o.deliveries.length, 0),
  };
}
