import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph, testCaller } from '@ntg/subgraph-kit';
import { Random } from '@ntg/synthetic';
import { addDays } from '../dates';
import { agriculture } from '../index';
import { registryGraph } from '../spec-helpers';

const officer = testCaller({ department: 'AGRICULTURE', role: 'officer', area: '58', subject: 'rollup-officer' });

/** The rollups as the triggers keep them, and as a recount from the rows computes them (zero rows left out). */
const SUPPORT_ROLLUP = sql`select year, commune_code, kind, technique_code, events, households_reached, synthetic_events, cost::text as cost
  from agriculture.support_rollup where events <> 0 or households_reached <> 0 or synthetic_events <> 0 or cost <> 0 order by 1, 2, 3, 4`;
const SUPPORT_RECOUNT = sql`select extract(year from support_date)::int as year, commune_code, kind, coalesce(technique_code, '') as technique_code,
  count(*)::int as events, sum(households_reached)::int as households_reached, (count(*) filter (where synthetic))::int as synthetic_events,
  coalesce(sum(cost), 0)::text as cost
  from agriculture.technical_supports where cancelled_on is null group by 1, 2, 3, 4 order by 1, 2, 3, 4`;
const TECHNIQUE_ROLLUP = sql`select year, commune_code, technique_code, model_id, events from agriculture.technique_model_rollup where events <> 0 order by 1, 2, 3, 4`;
const TECHNIQUE_RECOUNT = sql`select extract(year from support_date)::int as year, commune_code, technique_code, model_id, count(*)::int as events
  from agriculture.technical_supports where cancelled_on is null and technique_code is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4`;
const DELIVERY_ROLLUP = sql`select year, commune_code, deliveries, amount::text as amount from agriculture.delivery_rollup where deliveries <> 0 order by 1, 2`;
const DELIVERY_RECOUNT = sql`select extract(year from delivered_on)::int as year, commune_code, count(*)::int as deliveries, sum(amount)::text as amount
  from agriculture.offtake_deliveries group by 1, 2 order by 1, 2`;
const AGREEMENT_TOTALS = sql`select id, delivered_volume::float8 as volume, delivered_value::text as value, delivery_count from agriculture.offtake_agreements order by id`;
const AGREEMENT_RECOUNT = sql`select a.id, coalesce(sum(d.volume), 0)::float8 as volume, coalesce(sum(d.amount), 0)::text as value, count(d.id)::int as delivery_count
  from agriculture.offtake_agreements a left join agriculture.offtake_deliveries d on d.agreement_id = a.id group by a.id order by a.id`;
/** What the listed households say the reach is, where a list was given. */
const LISTED_REACH = sql`select s.id from agriculture.technical_supports s
  where s.households_listed and s.households_reached <> (select count(*) from agriculture.technical_support_households h where h.support_id = s.id)`;

const MODELS: Record<string, { communeCode: string }> = {
  'LM-22783-1': { communeCode: '22783' }, 'LM-22786-1': { communeCode: '22786' }, 'LM-22738-1': { communeCode: '22738' },
  'LM-22822-1': { communeCode: '22822' }, 'LM-22897-1': { communeCode: '22897' },
};
const HOUSEHOLDS = Array.from({ length: 12 }, (_, i) => `H-${i + 1}`);
const KINDS = ['TRAINING', 'TECHNOLOGY_TRANSFER', 'SEED_BREED_SUPPLY', 'EXTENSION_VISIT', 'VETERINARY_SERVICE'] as const;
const TECHNIQUES = ['DRIP_IRRIGATION', 'VIETGAP', 'IMPROVED_BREED'];
const STATUSES = ['SIGNED', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'NEGOTIATING'] as const;

describe('Agriculture rollups stay exact on write', () => {
  const graph = registryGraph({ models: MODELS, households: Object.fromEntries(HOUSEHOLDS.map((h) => [h, { communeCode: '22783' }])) });
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const run = (source: string, variables?: Record<string, unknown>) => subgraph.execute<any>(source, variables, { caller: officer });

  beforeAll(async () => {
    subgraph = await openTestSubgraph(agriculture, { graph });
    await agriculture.seed!(subgraph.database, { seed: 7, scale: 0.01 });
  });
  afterAll(() => subgraph?.close());

  it('the seed\'s rollups and agreement totals equal a recount', async () => {
    expect(await subgraph.database.rows(SUPPORT_ROLLUP)).toEqual(await subgraph.database.rows(SUPPORT_RECOUNT));
    expect(await subgraph.database.rows(TECHNIQUE_ROLLUP)).toEqual(await subgraph.database.rows(TECHNIQUE_RECOUNT));
    expect(await subgraph.database.rows(DELIVERY_ROLLUP)).toEqual(await subgraph.database.rows(DELIVERY_RECOUNT));
    expect(await subgraph.database.rows(AGREEMENT_TOTALS)).toEqual(await subgraph.database.rows(AGREEMENT_RECOUNT));
  });

  it('after a long random sequence of records, corrections, cancellations, agreements, status moves and deliveries, every rollup equals a recount', async () => {
    const random = new Random(23);
    const partnerRows = await subgraph.database.rows<{ id: string }>(sql`select id from agriculture.partners order by id`);
    const supports: { id: string; version: number }[] = [];
    const agreements: { id: string; version: number; periodStart: string }[] = [];
    const outcomes: Record<string, number> = {};
    const tally = (name: string, result: { errors?: readonly unknown[] }) => {
      const key = `${name}:${result.errors ? 'refused' : 'ok'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };
    const details = () => {
      const kind = random.pick(KINDS);
      const listed = random.chance(0.4);
      const households = [...new Set(Array.from({ length: random.int(1, 5) }, () => random.pick(HOUSEHOLDS)))];
      return {
        kind, date: `${random.pick([2023, 2024, 2025])}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        provider: 'Trạm Khuyến nông (test)', techniqueCode: kind === 'TECHNOLOGY_TRANSFER' || random.chance(0.2) ? random.pick(TECHNIQUES) : null,
        ...(listed ? { householdIds: households } : { householdsReached: random.int(0, 40) }), cost: random.chance(0.5) ? random.int(1, 50) * 100_000 : null,
      };
    };
    for (let step = 0; step < 220; step++) {
      const drawn = supports.length < 3 ? 'record' : random.weighted([['record', 4], ['correct', 2], ['cancel', 1], ['sign', 1], ['move', 2], ['deliver', 3]] as const);
      // Status moves and deliveries need an agreement to act on.
      const action = (drawn === 'move' || drawn === 'deliver') && agreements.length === 0 ? 'sign' : drawn;
      let result: { errors?: readonly unknown[]; data?: any };
      if (action === 'record') {
        result = await run(`mutation($input: TechnicalSupportInput!) { recordTechnicalSupport(input: $input) { id version } }`, { input: { modelId: random.pick(Object.keys(MODELS)), ...details() } });
        if (!result.errors) supports.push(result.data.recordTechnicalSupport);
      } else if (action === 'correct' || action === 'cancel') {
        const support = random.pick(supports);
        result = action === 'correct'
          ? await run(`mutation($id: ID!, $v: Int!, $input: TechnicalSupportCorrection!) { correctTechnicalSupport(id: $id, expectedVersion: $v, input: $input, reason: "Re-checked (test)") { version } }`, { id: support.id, v: support.version, input: details() })
          : await run(`mutation($id: ID!) { cancelTechnicalSupport(id: $id, reason: "In error (test)") { version } }`, { id: support.id });
        if (!result.errors) support.version = (result.data.correctTechnicalSupport ?? result.data.cancelTechnicalSupport).version;
      } else if (action === 'sign') {
        const periodStart = `${random.pick([2023, 2024])}-${String(random.int(1, 12)).padStart(2, '0')}-01`;
        result = await run(`mutation($input: SignOfftakeAgreementInput!) { signOfftakeAgreement(input: $input) { id version } }`, { input: {
          modelId: random.pick(Object.keys(MODELS)), partnerId: random.pick(partnerRows).id, product: 'Sản phẩm (test)', volume: random.int(100, 5000), unit: 'kg',
          pricePerUnit: random.int(10, 100) * 1000, periodStart, periodEnd: addDays(periodStart, random.int(90, 700)), signedOn: random.chance(0.8) ? periodStart : null,
        } });
        if (!result.errors) agreements.push({ ...result.data.signOfftakeAgreement, periodStart });
      } else if (action === 'move') {
        const agreement = random.pick(agreements);
        result = await run(`mutation($id: ID!, $v: Int!, $s: OfftakeStatus!, $on: Date!) { changeOfftakeStatus(id: $id, expectedVersion: $v, status: $s, on: $on) { version } }`,
          { id: agreement.id, v: agreement.version, s: random.pick(STATUSES), on: addDays(agreement.periodStart, random.int(0, 60)) });
        if (!result.errors) agreement.version = result.data.changeOfftakeStatus.version;
      } else {
        const agreement = random.pick(agreements);
        result = await run(`mutation($id: ID!, $input: DeliveryInput!) { recordDelivery(agreementId: $id, input: $input) { id } }`,
          { id: agreement.id, input: { date: addDays(agreement.periodStart, random.int(0, 400)), volume: random.int(1, 300) + random.int(0, 999) / 1000, pricePerUnit: random.int(10, 100) * 1000 } });
      }
      tally(action, result);
    }
    // Every kind of write happened, and some were refused (illegal moves, deliveries outside a period or not ACTIVE).
    for (const name of ['record', 'correct', 'cancel', 'sign', 'move', 'deliver']) expect(outcomes[`${name}:ok`] ?? 0, name).toBeGreaterThan(0);
    expect((outcomes['move:refused'] ?? 0) + (outcomes['deliver:refused'] ?? 0)).toBeGreaterThan(0);
    expect(await subgraph.database.rows(SUPPORT_ROLLUP)).toEqual(await subgraph.database.rows(SUPPORT_RECOUNT));
    expect(await subgraph.database.rows(TECHNIQUE_ROLLUP)).toEqual(await subgraph.database.rows(TECHNIQUE_RECOUNT));
    expect(await subgraph.database.rows(DELIVERY_ROLLUP)).toEqual(await subgraph.database.rows(DELIVERY_RECOUNT));
    expect(await subgraph.database.rows(AGREEMENT_TOTALS)).toEqual(await subgraph.database.rows(AGREEMENT_RECOUNT));
    expect(await subgraph.database.rows(LISTED_REACH)).toEqual([]);
  });
});
