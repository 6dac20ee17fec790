// Baseline (c): the raw SQL that answers each scenario's question on the same database, one statement per request
// (a transaction of two for the write), over a pool of postgres.js connections. It reads the same rollups the
// subgraphs read, joined across the departments' schemas in one statement, which no department may do in the graph
// (each owns its schema): it is the floor, without HTTP, GraphQL, tokens, policies or DataLoaders.
import postgres from 'postgres';
import { UNIT_MAP_SQL } from '@ntg/admin-units';
import { COMMUNE, YEAR } from './scenarios';

export async function openSqlBaseline(url: string, connections: number) {
  const client = postgres(url, { max: connections, onnotice: () => {}, prepare: true });
  const households = (await client<{ household_id: string }[]>`
    select household_id from dolisa.poverty_assessments where year = ${YEAR} and is_current order by household_id desc limit 5000`).map((r) => r.household_id);
  let i = 0;
  const jobs: Record<string, (worker: number) => Promise<void>> = {
    // Poverty of the year and the year before, the ethnic area in force, funding, and each model with its outcome,
    // technical supports, funding and supervisions.
    dashboard: async () => {
      await client.unsafe(`
        with poverty as (
          select year, sum(households)::int as households, (sum(households) filter (where classification = 'POOR'))::int as poor
          from dolisa.poverty_rollup where commune_code = $1 and year in ($2, $2 - 1) group by year
        ), models as (
          select m.id, m.name, m.status, o.participants, o.escaped from dolisa.livelihood_models m
          left join dolisa.model_outcome_rollup o on o.model_id = m.id where m.commune_code = $1
        )
        select json_build_object(
          'poverty', (select json_agg(poverty) from poverty),
          'ethnicArea', (select area from ethnic.ethnic_area_history where commune_code = $1 and effective_on <= current_date order by effective_on desc limit 1),
          'funding', (select json_build_object('approved', sum(approved), 'disbursed', sum(disbursed)) from finance.allocation_rollup where commune_code = $1 and year = $2 and status = 'ACTIVE'),
          'models', (select json_agg(json_build_object('name', m.name, 'status', m.status, 'participants', m.participants, 'escaped', m.escaped,
            'supports', (select json_agg(json_build_object('kind', s.kind, 'date', s.support_date) order by s.support_date) from agriculture.technical_supports s where s.model_id = m.id and s.cancelled_on is null),
            'funding', (select json_build_object('approved', sum(f.approved), 'disbursed', sum(f.disbursed)) from finance.model_rollup f where f.model_id = m.id),
            'supervisions', (select json_agg(json_build_object('date', v.supervised_on, 'recommendations', (select json_agg(r.status) from front.recommendations r where r.supervision_id = v.id))) from front.supervisions v where v.model_id = m.id)
          )) from models m)
        ) as answer`, [COMMUNE, YEAR]);
    },
    // Every commune with its poverty, funding and support figures, its ethnic area and its models' outcomes.
    province: async () => {
      await client.unsafe(`
        with communes as (select commune_code, district_code from ${UNIT_MAP_SQL}),
        poverty as (select commune_code, sum(households)::int as households, (sum(households) filter (where classification = 'POOR'))::int as poor
          from dolisa.poverty_rollup where year = $1 group by commune_code),
        funding as (select commune_code, sum(approved) as approved, sum(disbursed) as disbursed from finance.allocation_rollup where year = $1 and status = 'ACTIVE' group by commune_code),
        support as (select commune_code, sum(events)::int as events, sum(households_reached)::int as reached from agriculture.support_rollup where year = $1 group by commune_code),
        area as (select distinct on (commune_code) commune_code, area from ethnic.ethnic_area_history where effective_on <= current_date order by commune_code, effective_on desc),
        models as (select m.commune_code, json_agg(json_build_object('id', m.id, 'participants', o.participants, 'escaped', o.escaped)) as models
          from dolisa.livelihood_models m left join dolisa.model_outcome_rollup o on o.model_id = m.id group by m.commune_code)
        select c.district_code, json_agg(json_build_object('code', c.commune_code, 'households', p.households, 'poor', p.poor, 'approved', f.approved,
          'disbursed', f.disbursed, 'events', s.events, 'reached', s.reached, 'area', a.area, 'models', m.models) order by c.commune_code) as communes
        from communes c left join poverty p using (commune_code) left join funding f using (commune_code) left join support s using (commune_code)
          left join area a using (commune_code) left join models m using (commune_code)
        group by c.district_code order by c.district_code`, [YEAR]);
    },
    // The write itself: a correction of a 2024 review (the old row retired, the new one inserted; the rollup
    // triggers run), in one transaction, without the service's checks, history or audit entry.
    mutation: async () => {
      const householdId = households[(i++ * 31) % households.length]!;
      const income = 500_000 + ((i * 7919) % 3_500_000);
      await client.begin(async (tx) => {
        const [old] = await tx`update dolisa.poverty_assessments set is_current = false
          where household_id = ${householdId} and year = ${YEAR} and is_current returning *`;
        if (!old) return;
        await tx`insert into dolisa.poverty_assessments (household_id, year, commune_code, area_type, minority, head_ethnic_group, member_count,
            income_per_capita_monthly, deprivations, classification, standard_id, assessed_on, synthetic, recorded_by)
          values (${householdId}, ${YEAR}, ${old.commune_code}, ${old.area_type}, ${old.minority}, ${old.head_ethnic_group}, ${old.member_count},
            ${income}, ${old.deprivations}, dolisa.classify_review(${income}, ${old.deprivations.length}, ${old.standard_id}), ${old.standard_id},
            ${old.assessed_on}, true, 'bench')`;
      });
    },
  };
  // Check each statement once before it is timed.
  for (const [name, job] of Object.entries(jobs)) {
    try {
      await job(0);
    } catch (error) {
      throw new Error(`raw SQL of ${name}: ${(error as Error).message}`);
    }
  }
  /** Writes of the mutation mix that committed (their audit entries): a GraphQL error answers HTTP 200, so autocannon cannot tell. */
  const committedWrites = async () => {
    const [row] = await client<{ n: number }[]>`select count(*)::int as n from dolisa.audit_log
      where outcome = 'OK' and operation in ('recordAssessment', 'correctAssessment', 'registerHousehold')`;
    return row!.n;
  };
  return { jobs, committedWrites, close: () => client.end() };
}
