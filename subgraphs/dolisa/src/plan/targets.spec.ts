import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { findDistrict } from '@ntg/admin-units';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

/**
 * Targets are data: a second plan (here a made-up 2026-2030 district programme, measured on 2024 figures so the
 * demo data has them) is rows of plans and plan_targets, measured by each row's metric on the unit it names.
 */
describe('plan targets measured by metric and unit', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    await dolisa.seed!(subgraph.database, { seed: 2023, scale: 0.02 });
    await subgraph.database.db.execute(sql`insert into dolisa.plans (code, title, issued_on, from_year, to_year)
      values ('TEST-2026-2030', 'A second plan, inserted as data (test)', '2026-01-15', 2024, 2030)`);
    await subgraph.database.db.execute(sql`insert into dolisa.plan_targets (plan_code, target_id, metric, scope, unit_code, measure, year, min, max, description) values
      ('TEST-2026-2030', 'D1', 'POOR_RATE_CHANGE', 'DISTRICT', '585', 'PP', 2024, -3.0, -2.0, 'Ninh Sơn poor rate falls 2-3 pp'),
      ('TEST-2026-2030', 'D2', 'COMMUNES_WITH_EFFECTIVE_MODEL', 'DISTRICT_COMMUNES', '584', 'FRACTION', 2024, 1.0, null, 'Every Bác Ái commune runs a model'),
      ('TEST-2026-2030', 'D3', 'PARTICIPANTS_ESCAPED_POVERTY', 'MODEL_PARTICIPANTS', '584', 'FRACTION', 2024, 0.8, null, 'Most Bác Ái participants escape'),
      ('TEST-2026-2030', 'D4', 'HOUSEHOLDS_WITH_CLEAN_WATER', 'PROVINCE', '58', 'FRACTION', 2024, 0.9, null, 'A metric DOLISA does not measure')`);
  });
  afterAll(() => subgraph?.close());

  it('measures each target of the second plan on its own unit, with no code for the plan', async () => {
    const result = await subgraph.execute<any>(`{
      plan(code: "TEST-2026-2030") { targets(year: 2024) { id metric scope measure target { min max } actual numerator denominator status basis } }
      ninhSon: district(code: "585") { povertyStats(year: 2024) { poorRateChangePp } }
      bacAi: district(code: "584") { communes { livelihoodModels { status endDate statusHistory { to on } evaluations { evaluatedOn rating } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const byId = Object.fromEntries(result.data.plan.targets.map((t: any) => [t.id, t]));
    expect(Object.keys(byId)).toEqual(['D1', 'D2', 'D3', 'D4']);

    expect(byId.D1.actual).toBe(result.data.ninhSon.povertyStats.poorRateChangePp);
    expect(byId.D1.status).toBe(byId.D1.actual <= -2.0 ? 'MET' : 'MISSED');

    // Communes of Bác Ái with an effective model at the end of 2024: ACTIVE by its history and not rated below GOOD
    // by then, or COMPLETED with a final evaluation (on or after its end) rated GOOD or better (effective-models.spec.ts).
    const good = (rating: string) => rating === 'GOOD' || rating === 'EXCELLENT';
    const running = result.data.bacAi.communes.filter((c: any) => c.livelihoodModels.some((m: any) => {
      const last = m.statusHistory.filter((e: any) => e.on <= '2024-12-31').at(-1)?.to;
      if (last === 'ACTIVE') {
        const latest = m.evaluations.filter((e: any) => e.evaluatedOn <= '2024-12-31').at(-1);
        return !latest || good(latest.rating);
      }
      const final = m.evaluations.filter((e: any) => e.evaluatedOn >= m.endDate).at(-1);
      return last === 'COMPLETED' && !!final && good(final.rating);
    })).length;
    expect(byId.D2).toMatchObject({ numerator: running, denominator: findDistrict('584')!.communeCodes.length, actual: running / 9 });
    expect(byId.D2.status).toBe(running === 9 ? 'MET' : 'MISSED');

    expect(byId.D3.measure).toBe('FRACTION');
    expect(byId.D4).toMatchObject({ actual: null, status: 'NO_DATA', basis: 'DOLISA does not measure HOUSEHOLDS_WITH_CLEAN_WATER' });
  });

  it('leaves the provincial plan as it was: T1, T2, T3 and T5 on the province and Bác Ái', async () => {
    const result = await subgraph.execute<any>(`{ plan(code: "249/KHPH-UBND-MTTQ") { targets(year: 2024) { id actual } }
      province { povertyStats(year: 2024) { poorRateChangePp } } district(code: "584") { povertyStats(year: 2024) { poorRateChangePp } } }`);
    const byId = Object.fromEntries(result.data.plan.targets.map((t: any) => [t.id, t.actual]));
    expect(byId.T3).toBe(result.data.province.povertyStats.poorRateChangePp);
    expect(byId.T5).toBe(result.data.district.povertyStats.poorRateChangePp);
  });
});
