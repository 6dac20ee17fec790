import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '@ntg/db';
import { plannedModels } from '@ntg/synthetic';
import { openTestSubgraph, todayInVietnam } from '@ntg/subgraph-kit';
import { agriculture } from '../index';
import { bulkWriteSeedData } from './bulk';
import { generateAgricultureSeed } from './generate';
import { programmeLookups, SEED_CALLER, writeSeedData } from './index';

/**
 * Every table the seed writes, as comparable rows: without generated serial ids and write timestamps, which differ
 * between any two writes of the same data.
 */
const TABLES: Record<string, string> = {
  partners: `select to_jsonb(t) - 'recorded_at' as r from agriculture.partners t`,
  partner_communes: `select to_jsonb(t) as r from agriculture.partner_communes t`,
  technical_supports: `select to_jsonb(t) - 'recorded_at' - 'updated_at' as r from agriculture.technical_supports t`,
  technical_support_households: `select to_jsonb(t) as r from agriculture.technical_support_households t`,
  technical_support_versions: `select to_jsonb(t) - 'id' - 'recorded_at' as r from agriculture.technical_support_versions t`,
  support_rollup: `select to_jsonb(t) as r from agriculture.support_rollup t`,
  technique_model_rollup: `select to_jsonb(t) as r from agriculture.technique_model_rollup t`,
  offtake_agreements: `select to_jsonb(t) - 'recorded_at' - 'updated_at' as r from agriculture.offtake_agreements t`,
  offtake_status_changes: `select to_jsonb(t) - 'id' - 'recorded_at' as r from agriculture.offtake_status_changes t`,
  offtake_deliveries: `select to_jsonb(t) - 'recorded_at' as r from agriculture.offtake_deliveries t`,
  delivery_rollup: `select to_jsonb(t) as r from agriculture.delivery_rollup t`,
};

describe('seedAgriculture', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture);
  });
  afterAll(() => subgraph?.close());

  const snapshot = async () => {
    const tables: Record<string, string[]> = {};
    for (const [name, query] of Object.entries(TABLES)) {
      tables[name] = (await subgraph.database.rows<{ r: unknown }>(sql.raw(query))).map((row) => JSON.stringify(row.r)).sort();
    }
    return tables;
  };
  const empty = async () => {
    await subgraph.database.db.execute(sql.raw(`truncate ${Object.keys(TABLES).map((t) => `agriculture.${t}`).join(', ')}`));
  };

  it('writes through its bulk path exactly the rows the services write for the same programme', async () => {
    const data = generateAgricultureSeed(7);
    await subgraph.database.db.transaction((tx) => writeSeedData(tx as unknown as Db, data, programmeLookups(7)));
    const throughServices = await snapshot();
    const audited = await subgraph.database.rows<{ operation: string; n: number }>(
      sql`select operation, count(*)::int as n from agriculture.audit_log where subject = ${SEED_CALLER.subject} group by 1 order by 1`);
    await empty();
    await subgraph.database.db.transaction((tx) => bulkWriteSeedData(tx as unknown as Db, data, { actor: SEED_CALLER.subject, today: todayInVietnam() }));
    const bulk = await snapshot();

    for (const name of Object.keys(TABLES)) expect(bulk[name], name).toEqual(throughServices[name]);
    // The programme exercises every table and every path through the agreements' life cycle.
    for (const name of ['partners', 'partner_communes', 'technical_supports', 'technical_support_versions', 'support_rollup', 'technique_model_rollup', 'offtake_agreements', 'offtake_status_changes', 'offtake_deliveries', 'delivery_rollup']) {
      expect(throughServices[name]!.length, name).toBeGreaterThan(0);
    }
    const statuses = new Set(data.offtakes.map((o) => o.status));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'CANCELLED', 'COMPLETED', 'NEGOTIATING', 'SIGNED']);
    expect(audited.map((a) => a.operation)).toEqual(['changeOfftakeStatus', 'recordDelivery', 'recordTechnicalSupport', 'registerPartner', 'signOfftakeAgreement']);
    await empty();
  });

  it('writes synthetic rows once, for the planned models only, and the graph reads them back', async () => {
    const written = await agriculture.seed!(subgraph.database, { seed: 7, scale: 0.01 });
    expect(written.technicalSupports).toBeGreaterThan(0);
    expect(written.offtakeDeliveries).toBeGreaterThan(0);
    expect(await agriculture.seed!(subgraph.database, { seed: 7, scale: 0.01 })).toEqual({});

    const rows = await subgraph.database.rows<{ model_id: string; synthetic: boolean }>(
      sql`select model_id, synthetic from agriculture.technical_supports
        union all select model_id, synthetic from agriculture.offtake_agreements`,
    );
    const modelIds = new Set(plannedModels(7).map((m) => m.id));
    expect(rows.length).toBe(written.technicalSupports! + written.offtakeAgreements!);
    expect(rows.every((r) => modelIds.has(r.model_id) && r.synthetic)).toBe(true);
    const names = await subgraph.database.rows<{ name: string }>(sql`select name from agriculture.partners`);
    expect(names.every((p) => p.name.endsWith('(synthetic)'))).toBe(true);

    const model = plannedModels(7)[0]!;
    const result = await subgraph.execute<{ _entities: { technicalSupports: { synthetic: boolean }[] }[] }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on LivelihoodModel { technicalSupports { synthetic } } } }`,
      { reps: [{ __typename: 'LivelihoodModel', id: model.id }] },
    );
    expect(result.errors).toBeUndefined();
    const supports = result.data!._entities[0]!.technicalSupports;
    expect(supports.length).toBeGreaterThanOrEqual(2);
    expect(supports.every((s) => s.synthetic)).toBe(true);
  });
});
