import DataLoader from 'dataloader';
import { asc, sql, type SQL } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { inList, requestedUnitPairs, requestedUnitsFilter, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';
import { flagRules } from '../db/schema';
import { FundingFlagCode } from '../generated/types';
import type { ModelFacts } from '../funding/units';

/** One raised flag on a model: what, in words, and the allocations it names. */
export interface FlagRow {
  modelId: string;
  code: FundingFlagCode;
  detail: string;
  allocationIds: string[];
}

export type FlagRuleRow = typeof flagRules.$inferSelect;

/** The flag codes in the schema's order: every count lists all of them. */
export const FLAG_CODES: readonly FundingFlagCode[] = Object.values(FundingFlagCode);

/**
 * The thresholds, read from `finance.flag_rules` (the one place each is set) in the statement that applies them,
 * so a changed rule applies at once.
 */
const RULES = sql`rules as (
  select
    max(value) filter (where name = 'UNSETTLED_AFTER_DAYS')::int as unsettled_after_days,
    max(value) filter (where name = 'FRAGMENTED_MORE_THAN') as fragmented_more_than,
    max(value) filter (where name = 'FRAGMENTED_SMALL_BELOW_VND') as small_below,
    max(value) filter (where name = 'FRAGMENTED_MIN_SOURCES') as fragmented_min_sources
  from finance.flag_rules
)`;

/** Whole VND with thousands separators, for the flags' words. */
const vnd = (expression: SQL) => sql`to_char(${expression}, 'FM999,999,999,999,990')`;

/** DOLISA's facts as a table inside the statement (they arrive with the request, through @requires). */
function factsTable(facts: readonly (ModelFacts & { level?: UnitLevel; code?: string })[]): SQL {
  const json = JSON.stringify(facts.map((f) => ({
    level: f.level ?? null, code: f.code ?? null, id: f.id, status: f.status, end_date: f.endDate, planned_budget: f.plannedBudget,
  })));
  return sql`facts as (
    select * from jsonb_to_recordset(${json}::jsonb) as f(level text, code text, id text, status text, end_date date, planned_budget bigint)
  )`;
}

/**
 * Every flag on the given models, as of `today`, in one statement. The models' own active allocations are read by
 * the model index; OVERLAP also reads the other allocations of the same household, item and year (household index),
 * whatever model they belong to. Each detail names the allocations, never the household.
 */
export function modelFlagsSql(facts: readonly ModelFacts[], today: string): SQL {
  return sql`
    with ${factsTable(facts)}, ${RULES},
    mine as (
      select a.* from finance.allocations a where a.model_id in (select id from facts) and a.status = 'ACTIVE'
    ),
    raised as (
      select k.model_id, 1 as code_order, 'OVERLAP' as code,
        format('The same household received %s in %s from %s allocations: %s', k.item, k.year, count(*),
          string_agg(format('%s (%s, %s VND)', a.id, a.source_code, ${vnd(sql`a.approved`)}), ', ' order by a.id)) as detail,
        array_agg(a.id order by a.id) as allocation_ids
      from (select distinct model_id, household_id, item, year from mine where household_id is not null) k
      join finance.allocations a on a.household_id = k.household_id and a.item = k.item and a.year = k.year and a.status = 'ACTIVE'
      group by k.model_id, k.household_id, k.item, k.year
      having count(*) >= 2
      union all
      select m.model_id, 2, 'OVER_DISBURSED',
        format('%s (%s, %s %s) disbursed %s VND of %s VND approved: %s VND over', m.id, m.source_code, m.item, m.year,
          ${vnd(sql`m.disbursed`)}, ${vnd(sql`m.approved`)}, ${vnd(sql`m.disbursed - m.approved`)}),
        array[m.id]
      from mine m where m.disbursed > m.approved
      union all
      select m.model_id, 3, 'UNSETTLED',
        format('The model completed on %s; %s days on (the rule allows %s), %s allocation(s) hold %s VND disbursed and not settled: %s',
          f.end_date, ${today}::date - f.end_date, r.unsettled_after_days, count(*), ${vnd(sql`sum(m.disbursed - m.settled)`)},
          string_agg(format('%s (%s VND)', m.id, ${vnd(sql`m.disbursed - m.settled`)}), ', ' order by m.id)),
        array_agg(m.id order by m.id)
      from mine m join facts f on f.id = m.model_id cross join rules r
      where f.status = 'COMPLETED' and f.end_date + r.unsettled_after_days < ${today}::date and m.disbursed > m.settled
      group by m.model_id, f.end_date, r.unsettled_after_days
      union all
      select m.model_id, 4, 'FRAGMENTED',
        format('%s allocations under %s VND in %s from %s sources: %s', count(*), ${vnd(sql`r.small_below`)}, m.year, count(distinct m.source_code),
          string_agg(format('%s (%s, %s VND)', m.id, m.source_code, ${vnd(sql`m.approved`)}), ', ' order by m.id)),
        array_agg(m.id order by m.id)
      from mine m cross join rules r
      where m.approved < r.small_below
      group by m.model_id, m.year, r.small_below, r.fragmented_more_than, r.fragmented_min_sources
      having count(*) > r.fragmented_more_than and count(distinct m.source_code) >= r.fragmented_min_sources
      union all
      select m.model_id, 5, 'OVER_PLAN',
        format('%s VND approved over %s allocations is %s VND above the planned budget of %s VND: %s', ${vnd(sql`sum(m.approved)`)}, count(*),
          ${vnd(sql`sum(m.approved) - f.planned_budget`)}, ${vnd(sql`f.planned_budget`)}, string_agg(m.id, ', ' order by m.year, m.id)),
        array_agg(m.id order by m.year, m.id)
      from mine m join facts f on f.id = m.model_id
      group by m.model_id, f.planned_budget
      having sum(m.approved) > f.planned_budget
    )
    select model_id as "modelId", code, detail, allocation_ids as "allocationIds" from raised
    order by model_id, code_order, allocation_ids[1]
  `;
}

export interface FlagCountKey {
  level: UnitLevel;
  code: string;
  year: number;
}

interface FlagCountRow extends Record<string, unknown> {
  level: UnitLevel;
  code: string;
  year: number;
  flag: FundingFlagCode;
  n: number;
}

/**
 * How many flags of each code name an allocation of each requested year in each requested unit, in one statement.
 * OVERLAP, OVER_DISBURSED and FRAGMENTED come from the rollups (grouping sets over the requested units' communes
 * only); OVER_PLAN and UNSETTLED from the model rollup joined with DOLISA's facts for each unit's models, which the
 * gateway sends with the request (@requires), so they follow DOLISA's budget and status at once. Rollup-size reads
 * throughout: no allocation row is touched.
 */
export function unitFlagCountsSql(keys: readonly FlagCountKey[], factsByUnit: readonly (ModelFacts & { level: UnitLevel; code: string })[], today: string): SQL {
  const years = inList([...new Set(keys.map((k) => k.year))]);
  const units = requestedUnitsFilter(keys);
  return sql`
    with ${factsTable(factsByUnit)}, ${RULES},
    overlap_keys as (
      select distinct h.year, h.household_id, h.item
      from finance.household_item_rollup h join ${UNIT_MAP} on unit.commune_code = h.commune_code
      where h.year in (${years}) and h.allocations > 0 and ${units}
    ),
    overlapping as (
      select h.year, h.household_id, h.item
      from finance.household_item_rollup h join overlap_keys k on k.year = h.year and k.household_id = h.household_id and k.item = h.item
      group by h.year, h.household_id, h.item having sum(h.allocations) >= 2
    ),
    fragmented as (
      select m.model_id, m.year, min(m.commune_code) as commune_code
      from finance.model_rollup m join ${UNIT_MAP} on unit.commune_code = m.commune_code cross join rules r
      where m.year in (${years}) and ${units}
      group by m.model_id, m.year, r.fragmented_more_than, r.fragmented_min_sources
      having sum(m.small_allocations) > r.fragmented_more_than and count(*) filter (where m.small_allocations > 0) >= r.fragmented_min_sources
    ),
    model_totals as (
      select m.model_id, sum(m.approved) as approved from finance.model_rollup m where m.model_id in (select id from facts) group by m.model_id
    )
    select level, code, year, flag, n from (
    select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year, 'OVER_DISBURSED' as flag, sum(r.over_disbursed)::int as n
    from finance.allocation_rollup r join ${UNIT_MAP} on unit.commune_code = r.commune_code
    where r.year in (${years}) and r.status = 'ACTIVE' and ${units}
    group by r.year, ${UNIT_ROLLUP.groupingSets}
    union all
    select ${UNIT_ROLLUP.level}, ${UNIT_ROLLUP.code}, f.year, 'FRAGMENTED', count(*)::int
    from fragmented f join ${UNIT_MAP} on unit.commune_code = f.commune_code
    group by f.year, ${UNIT_ROLLUP.groupingSets}
    union all
    select ${UNIT_ROLLUP.level}, ${UNIT_ROLLUP.code}, h.year, 'OVERLAP', count(distinct h.household_id || '|' || h.item)::int
    from finance.household_item_rollup h
    join overlapping o on o.year = h.year and o.household_id = h.household_id and o.item = h.item
    join ${UNIT_MAP} on unit.commune_code = h.commune_code
    where h.allocations > 0 and ${units}
    group by h.year, ${UNIT_ROLLUP.groupingSets}
    union all
    select f.level, f.code, m.year, 'OVER_PLAN', count(distinct f.id)::int
    from facts f join model_totals t on t.model_id = f.id join finance.model_rollup m on m.model_id = f.id
    where t.approved > f.planned_budget and m.allocations > 0 and m.year in (${years})
    group by f.level, f.code, m.year
    union all
    select f.level, f.code, m.year, 'UNSETTLED', count(distinct f.id)::int
    from facts f join finance.model_rollup m on m.model_id = f.id cross join rules r
    where f.status = 'COMPLETED' and f.end_date + r.unsettled_after_days < ${today}::date and m.unsettled_allocations > 0 and m.year in (${years})
    group by f.level, f.code, m.year
    ) counts
    where ${requestedUnitPairs(keys)} and n > 0
  `;
}

export interface FlagCountsKey extends FlagCountKey {
  /** DOLISA's models of the unit (modelStatuses through @requires). */
  facts: readonly ModelFacts[];
}

const countKey = (k: FlagCountKey) => `${k.level}|${k.code}|${k.year}`;

/** Request-scoped loaders of flags: per model, per unit and year, and the rules. One statement per kind. */
export function createFlagLoaders(database: Database, today: string) {
  return {
    /** The flags of each model, keyed by its facts (a model reference carries them through @requires). */
    modelFlags: new DataLoader<ModelFacts, FlagRow[], string>(async (facts) => {
      const rows = await database.rows<FlagRow & Record<string, unknown>>(modelFlagsSql(facts, today));
      const byModel = new Map<string, FlagRow[]>();
      for (const row of rows) {
        const list = byModel.get(row.modelId) ?? [];
        list.push({ modelId: row.modelId, code: row.code, detail: row.detail, allocationIds: row.allocationIds });
        byModel.set(row.modelId, list);
      }
      return facts.map((f) => byModel.get(f.id) ?? []);
    }, { cacheKeyFn: (f) => `${f.id}|${f.status}|${f.endDate}|${f.plannedBudget}` }),
    /** Counts per unit and year, every code listed (zeros included), in the schema's order. */
    flagCounts: new DataLoader<FlagCountsKey, { code: FundingFlagCode; count: number }[], string>(async (keys) => {
      const units = new Map(keys.map((k) => [`${k.level}|${k.code}`, k]));
      const facts = [...units.values()].flatMap((k) => k.facts.map((f) => ({ ...f, level: k.level, code: k.code })));
      const rows = await database.rows<FlagCountRow>(unitFlagCountsSql(keys, facts, today));
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(`${countKey(row)}|${row.flag}`, row.n);
      return keys.map((k) => FLAG_CODES.map((code) => ({ code, count: counts.get(`${countKey(k)}|${code}`) ?? 0 })));
    }, { cacheKeyFn: countKey }),
    rules: new DataLoader<'all', FlagRuleRow[]>(async (keys) => {
      const rows = await database.db.select().from(flagRules).orderBy(asc(flagRules.code), asc(flagRules.name));
      return keys.map(() => rows);
    }),
  };
}
