import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestSubgraph } from '@ntg/subgraph-kit';
import { dolisa } from '../index';

/**
 * T2 hides no unknowns, pinned on hand-made data: one model of commune 22783 completed on 2024-06-28 with
 * - H1 (POOR at joining) and H2 (NEAR_POOR) reviewed in October 2024 above near-poor: escaped;
 * - H3 (POOR) not reviewed since the model ended: its outcome is unknown;
 * - H4 (AVERAGE_LIVING at joining), reported apart, never counted as escaped;
 * - H5 (POOR) withdrew: not a participant any more.
 */
describe('T2: coverage of participants reviewed since their model ended', () => {
  let subgraph: Awaited<ReturnType<typeof openTestSubgraph>>;
  const standard = sql`(select id from dolisa.poverty_standards where area_type = 'RURAL' and from_year <= 2024 and to_year >= 2024)`;
  const review = (household: string, year: number, on: string, classification: string) => subgraph.database.db.execute(sql`
    insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, head_ethnic_group, member_count,
      income_per_capita_monthly, deprivations, classification, standard_id, assessed_on, synthetic)
    values (${household}, ${year}, '22783', 'RURAL', true, '35', 4, 1000000, '{}', ${classification}, ${standard}, ${on}, true)`);

  beforeAll(async () => {
    subgraph = await openTestSubgraph(dolisa);
    const { db } = subgraph.database;
    await db.execute(sql`insert into dolisa.livelihood_models (id, commune_code, name, sector, status, start_date, end_date, planned_budget, synthetic)
      values ('M', '22783', 'Goats (synthetic)', 'LIVESTOCK', 'COMPLETED', '2023-03-01', '2024-06-28', 100000000, true)`);
    await db.execute(sql`insert into dolisa.model_events (model_id, from_status, to_status, effective_on) values
      ('M', 'APPROVED', 'ACTIVE', '2023-03-01'), ('M', 'ACTIVE', 'COMPLETED', '2024-06-28')`);
    const joined: [string, string, string | null][] = [['H1', 'POOR', null], ['H2', 'NEAR_POOR', null], ['H3', 'POOR', null], ['H4', 'AVERAGE_LIVING', null], ['H5', 'POOR', '2023-09-01']];
    for (const [id, atJoining, withdrawn] of joined) {
      await db.execute(sql`insert into dolisa.households (id, commune_code, member_count, head_ethnic_group, head_name, registered_on, synthetic)
        values (${id}, '22783', 4, '35', ${`Household ${id} (synthetic)`}, '2020-01-01', true)`);
      await review(id, 2023, '2023-01-15', atJoining);
      await db.execute(sql`insert into dolisa.model_participants (model_id, household_id, enrolled_on, class_at_joining, withdrawn_on, withdrawal_reason, synthetic)
        values ('M', ${id}, '2023-03-05', ${atJoining}, ${withdrawn}, ${withdrawn ? 'moved away (synthetic)' : null}, true)`);
    }
    await review('H1', 2024, '2024-10-01', 'AVERAGE_LIVING');
    await review('H2', 2024, '2024-10-01', 'ABOVE_AVERAGE');
    await review('H4', 2024, '2024-10-01', 'AVERAGE_LIVING');
    await review('H5', 2024, '2024-10-01', 'ABOVE_AVERAGE');
    await db.execute(sql`insert into dolisa.plans (code, title, issued_on, from_year, to_year) values ('TEST-T2', 'T2 on Bác Ái (test)', '2024-01-01', 2024, 2024)`);
    await db.execute(sql`insert into dolisa.plan_targets (plan_code, target_id, metric, scope, unit_code, measure, year, min, max, description)
      values ('TEST-T2', 'T2', 'PARTICIPANTS_ESCAPED_POVERTY', 'MODEL_PARTICIPANTS', '584', 'FRACTION', 2024, 1.0, null, 'Every participant escapes')`);
  });
  afterAll(() => subgraph?.close());

  const t2 = async () => {
    const result = await subgraph.execute<any>(`{ plan(code: "TEST-T2") { targets(year: 2024) {
      actual numerator denominator coverage notPoorAtJoining unreviewed status basis } } }`);
    expect(result.errors).toBeUndefined();
    return result.data.plan.targets[0];
  };

  it('cannot be MET with one unreviewed participant, even when everyone reviewed escaped', async () => {
    expect(await t2()).toEqual({
      actual: 1, numerator: 2, denominator: 2, coverage: 2 / 3, notPoorAtJoining: 1, unreviewed: 1, status: 'MISSED',
      basis: '1 models completed in 2024: 3 participants poor or near-poor at joining, 2 reviewed since the model ended (2 escaped), '
        + '1 not reviewed yet; 1 not poor or near-poor at joining',
    });
  });

  it('is MET once the last participant is reviewed and escaped', async () => {
    await review('H3', 2024, '2024-11-01', 'AVERAGE_LIVING');
    expect(await t2()).toMatchObject({ actual: 1, numerator: 3, denominator: 3, coverage: 1, notPoorAtJoining: 1, unreviewed: 0, status: 'MET' });
  });
});
