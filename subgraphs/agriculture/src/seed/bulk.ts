import { bulkInsert, type Db } from '@ntg/db';
import type { OfftakeStatus } from '../generated/types';
import type { AgricultureSeedData } from './generate';

/**
 * The seed's fast path: the rows the services would write for the generated programme (seed.spec.ts shows the
 * tables equal, row for row), in one statement per table. The rollups and the agreements' delivery totals follow
 * from the same triggers as every other write. Only the audit trail differs: the services record an entry per
 * write, this path none (like DOLISA's seed, synthetic demo data is not an officer's act).
 */
export async function bulkWriteSeedData(tx: Db, data: AgricultureSeedData, options: { actor: string; today: string }): Promise<void> {
  const recordedBy = options.actor;
  await bulkInsert(tx, 'agriculture.partners', { id: 'text', name: 'text', kind: 'text', tax_code: 'text', synthetic: 'boolean', recorded_by: 'text' },
    data.partners.map((p) => ({ id: p.id, name: p.name, kind: p.kind, tax_code: p.taxCode, synthetic: true, recorded_by: recordedBy })));
  await bulkInsert(tx, 'agriculture.partner_communes', { partner_id: 'text', commune_code: 'text' },
    data.partners.flatMap((p) => p.communeCodes.map((c) => ({ partner_id: p.id, commune_code: c }))));

  await bulkInsert(tx, 'agriculture.technical_supports', {
    id: 'text', model_id: 'text', commune_code: 'text', kind: 'text', support_date: 'date', provider: 'text', technique_code: 'text',
    households_reached: 'int', cost: 'bigint', synthetic: 'boolean', recorded_by: 'text',
  }, data.supports.map((s) => ({
    id: s.id, model_id: s.modelId, commune_code: s.communeCode, kind: s.kind, support_date: s.supportDate, provider: s.provider,
    technique_code: s.techniqueCode, households_reached: s.householdsReached, cost: s.cost, synthetic: true, recorded_by: recordedBy,
  })));
  await bulkInsert(tx, 'agriculture.technical_support_versions', {
    support_id: 'text', version: 'int', change: 'text', kind: 'text', support_date: 'date', provider: 'text', technique_code: 'text',
    households_reached: 'int', household_ids: 'text[]', cost: 'bigint', recorded_by: 'text',
  }, data.supports.map((s) => ({
    support_id: s.id, version: 1, change: 'RECORDED', kind: s.kind, support_date: s.supportDate, provider: s.provider, technique_code: s.techniqueCode,
    households_reached: s.householdsReached, household_ids: [], cost: s.cost, recorded_by: recordedBy,
  })));

  const agreements = data.offtakes.map((o) => {
    const first: OfftakeStatus = o.signedOn ? 'SIGNED' : 'NEGOTIATING';
    const firstOn = o.signedOn ?? options.today;
    const last = o.changes.at(-1);
    return {
      o, first, firstOn,
      row: {
        id: o.id, model_id: o.modelId, commune_code: o.communeCode, partner_id: o.partnerId, product: o.product, volume: o.volume, unit: o.unit,
        price_per_unit: o.pricePerUnit, period_start: o.periodStart, period_end: o.periodEnd, status: last?.status ?? first,
        status_on: last?.on ?? firstOn, signed_on: o.signedOn, version: 1 + o.changes.length, synthetic: true, recorded_by: recordedBy,
      },
    };
  });
  await bulkInsert(tx, 'agriculture.offtake_agreements', {
    id: 'text', model_id: 'text', commune_code: 'text', partner_id: 'text', product: 'text', volume: 'numeric', unit: 'text',
    price_per_unit: 'bigint', period_start: 'date', period_end: 'date', status: 'text', status_on: 'date', signed_on: 'date',
    version: 'int', synthetic: 'boolean', recorded_by: 'text',
  }, agreements.map((a) => a.row));
  await bulkInsert(tx, 'agriculture.offtake_status_changes', {
    agreement_id: 'text', from_status: 'text', to_status: 'text', effective_on: 'date', recorded_by: 'text',
  }, agreements.flatMap(({ o, first, firstOn }) => {
    const changes: { agreement_id: string; from_status: OfftakeStatus | null; to_status: OfftakeStatus; effective_on: string; recorded_by: string }[] = [
      { agreement_id: o.id, from_status: null, to_status: first, effective_on: firstOn, recorded_by: recordedBy },
    ];
    for (const change of o.changes) {
      changes.push({ agreement_id: o.id, from_status: changes.at(-1)!.to_status, to_status: change.status, effective_on: change.on, recorded_by: recordedBy });
    }
    return changes;
  }));
  await bulkInsert(tx, 'agriculture.offtake_deliveries', {
    id: 'text', agreement_id: 'text', commune_code: 'text', delivered_on: 'date', volume: 'numeric', price_per_unit: 'bigint', amount: 'bigint',
    synthetic: 'boolean', recorded_by: 'text',
  }, data.offtakes.flatMap((o) => o.deliveries.map((d) => ({
    id: d.id, agreement_id: o.id, commune_code: o.communeCode, delivered_on: d.date, volume: d.volume, price_per_unit: d.pricePerUnit,
    amount: Math.round(d.volume * d.pricePerUnit), synthetic: true, recorded_by: recordedBy,
  }))));
}
