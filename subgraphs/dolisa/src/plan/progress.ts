import { sql } from 'drizzle-orm';
import { districts } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { UNIT_MAP } from '@ntg/subgraph-kit';

export interface ProgressCounts {
  modelsStarted: number;
  modelsCompleted: number;
  participantsEnrolled: number;
  householdsAssessed: number;
  modelsActive: number;
}

interface CountRow extends Record<string, unknown> {
  district_code: string | null;
  started: number;
  completed: number;
  enrolled: number;
  assessed: number;
  active: number;
}

export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: `${month}-01`, last };
}

/** One statement: the month's activity per district and for the province (grouping sets). */
export async function monthlyCounts(database: Database, month: string) {
  const { first, last } = monthBounds(month);
  const rows = await database.rows<CountRow>(sql`
    with facts as (
      select m.commune_code, 'STARTED' as kind from dolisa.model_events e join dolisa.livelihood_models m on m.id = e.model_id
        where e.to_status = 'ACTIVE' and e.from_status = 'APPROVED' and e.effective_on between ${first} and ${last}
      union all
      select m.commune_code, 'COMPLETED' from dolisa.model_events e join dolisa.livelihood_models m on m.id = e.model_id
        where e.to_status = 'COMPLETED' and e.effective_on between ${first} and ${last}
      union all
      select m.commune_code, 'ENROLLED' from dolisa.model_participants p join dolisa.livelihood_models m on m.id = p.model_id
        where p.enrolled_on between ${first} and ${last}
      union all
      select a.commune_code, 'ASSESSED' from dolisa.poverty_assessments a
        where a.is_current and a.assessed_on between ${first} and ${last}
      union all
      select m.commune_code, 'ACTIVE' from dolisa.livelihood_models m
        where (select e.to_status from dolisa.model_events e where e.model_id = m.id and e.effective_on <= ${last}
               order by e.effective_on desc, e.id desc limit 1) = 'ACTIVE'
    )
    select unit.district_code,
      (count(*) filter (where kind = 'STARTED'))::int as started,
      (count(*) filter (where kind = 'COMPLETED'))::int as completed,
      (count(*) filter (where kind = 'ENROLLED'))::int as enrolled,
      (count(*) filter (where kind = 'ASSESSED'))::int as assessed,
      (count(*) filter (where kind = 'ACTIVE'))::int as active
    from facts join ${UNIT_MAP} on unit.commune_code = facts.commune_code
    group by grouping sets ((unit.district_code), ())`);
  const toCounts = (r: CountRow | undefined): ProgressCounts => ({
    modelsStarted: r?.started ?? 0, modelsCompleted: r?.completed ?? 0, participantsEnrolled: r?.enrolled ?? 0,
    householdsAssessed: r?.assessed ?? 0, modelsActive: r?.active ?? 0,
  });
  return {
    province: toCounts(rows.find((r) => r.district_code === null)),
    districts: districts.map((d) => ({ district: d, counts: toCounts(rows.find((r) => r.district_code === d.code)) })),
    last,
  };
}
