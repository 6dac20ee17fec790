import DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import type { UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { batchedLoader, inList, requestedUnitPairs, requestedUnitsFilter, UNIT_MAP, UNIT_ROLLUP } from '@ntg/subgraph-kit';
import { TechnicalSupportKind } from '../generated/types';
import type { ModelStatusFact } from '../units';

export interface UnitYearKey {
  level: UnitLevel;
  code: string;
  year: number;
}

export interface SupportKindCount {
  kind: TechnicalSupportKind;
  events: number;
  householdsReached: number;
}

export interface TechniqueReachView {
  techniqueCode: string;
  models: number;
  households: number;
  events: number;
}

/** A unit-year's figures from the support rollup. */
export interface SupportFigures {
  year: number;
  supportEvents: number;
  householdsReached: number;
  cost: number;
  syntheticEvents: number;
  byKind: SupportKindCount[];
  techniques: TechniqueReachView[];
}

/** What AgricultureSupportSummary resolves from: the figures, the unit, and DOLISA's models of it. */
export interface SupportSummaryView extends SupportFigures {
  level: UnitLevel;
  code: string;
  /** DOLISA's models of the unit, from the gateway (`@requires`); empty when the path carries none. */
  statuses: readonly ModelStatusFact[];
  /** The last day the 90-day window ends on: the year's last day, or today while the year runs. */
  asOf: string;
}

interface FigureRow extends Record<string, unknown> {
  level: UnitLevel;
  code: string;
  year: number;
  dimension: 'KIND' | 'TECHNIQUE' | 'TOTAL';
  value: string | null;
  events: number;
  households: number;
  models: number;
  synthetic: number;
  cost: string;
}

const unitYearKey = (k: UnitYearKey) => `${k.level}|${k.code}|${k.year}`;
const KIND_ORDER: readonly TechnicalSupportKind[] = Object.values(TechnicalSupportKind);

/**
 * One statement for every requested unit (any level) and year, from the rollup rows of the requested units'
 * communes only: totals, per kind and per technique come from one GROUP BY with grouping sets over support_rollup;
 * the distinct models per technique from technique_model_rollup, joined to the technique rows. Both sides are
 * MATERIALIZED: the planner under-estimates them (one row for 169) and otherwise recomputes the models side for
 * every figure row of a province-wide request (a nested loop: 29 ms instead of 2).
 */
export function supportFiguresSql(keys: readonly UnitYearKey[]): SQL {
  const years = inList([...new Set(keys.map((k) => k.year))]);
  return sql`
    with figures as materialized (
      select * from (
        select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year,
          case when grouping(r.kind) = 0 then 'KIND' when grouping(r.technique_code) = 0 then 'TECHNIQUE' else 'TOTAL' end as dimension,
          case when grouping(r.kind) = 0 then r.kind when grouping(r.technique_code) = 0 then r.technique_code end as value,
          sum(r.events)::int as events, sum(r.households_reached)::int as households, sum(r.synthetic_events)::int as synthetic, sum(r.cost)::text as cost
        from agriculture.support_rollup r
        join ${UNIT_MAP} on unit.commune_code = r.commune_code
        where r.year in (${years}) and r.events > 0 and ${requestedUnitsFilter(keys)}
        group by r.year, grouping sets ((r.kind), (r.technique_code), ()), ${UNIT_ROLLUP.groupingSets}
      ) f
      where ${requestedUnitPairs(keys)} and not (dimension = 'TECHNIQUE' and value = '')
    ), models as materialized (
      select * from (
        select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, t.year, t.technique_code, count(distinct t.model_id)::int as models
        from agriculture.technique_model_rollup t
        join ${UNIT_MAP} on unit.commune_code = t.commune_code
        where t.year in (${years}) and t.events > 0 and ${requestedUnitsFilter(keys)}
        group by t.year, t.technique_code, ${UNIT_ROLLUP.groupingSets}
      ) m
      where ${requestedUnitPairs(keys)}
    )
    select f.level, f.code, f.year, f.dimension, f.value, f.events, f.households, coalesce(m.models, 0) as models, f.synthetic, f.cost
    from figures f
    left join models m on f.dimension = 'TECHNIQUE' and m.level = f.level and m.code = f.code and m.year = f.year and m.technique_code = f.value
  `;
}

const EMPTY = (year: number): SupportFigures => ({ year, supportEvents: 0, householdsReached: 0, cost: 0, syntheticEvents: 0, byKind: [], techniques: [] });

function createSupportFiguresLoader(database: Database) {
  return batchedLoader<UnitYearKey, SupportFigures>({
    cacheKey: unitYearKey,
    batchOf: () => 'all',
    fallback: (k) => EMPTY(k.year),
    async fetch(keys) {
      const found = new Map<string, SupportFigures>();
      for (const row of await database.rows<FigureRow>(supportFiguresSql(keys))) {
        const key = unitYearKey(row);
        let figures = found.get(key);
        if (!figures) found.set(key, (figures = EMPTY(row.year)));
        if (row.dimension === 'TOTAL') {
          Object.assign(figures, { supportEvents: row.events, householdsReached: row.households, syntheticEvents: row.synthetic, cost: Number(row.cost) });
        } else if (row.dimension === 'KIND') {
          figures.byKind.push({ kind: row.value as TechnicalSupportKind, events: row.events, householdsReached: row.households });
        } else {
          figures.techniques.push({ techniqueCode: row.value!, models: row.models, households: row.households, events: row.events });
        }
      }
      for (const figures of found.values()) {
        figures.byKind.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
        figures.techniques.sort((a, b) => a.techniqueCode.localeCompare(b.techniqueCode));
      }
      return found;
    },
  });
}

export interface DeliveryFigures {
  deliveries: number;
  amount: number;
}

/** Deliveries per requested unit and year, from the delivery rollup, in one statement. */
function createDeliveryFiguresLoader(database: Database) {
  return batchedLoader<UnitYearKey, DeliveryFigures>({
    cacheKey: unitYearKey,
    batchOf: () => 'all',
    fallback: () => ({ deliveries: 0, amount: 0 }),
    async fetch(keys) {
      const years = [...new Set(keys.map((k) => k.year))];
      const rows = await database.rows<{ level: UnitLevel; code: string; year: number; deliveries: number; amount: string }>(sql`
        select * from (
          select ${UNIT_ROLLUP.level} as level, ${UNIT_ROLLUP.code} as code, r.year, sum(r.deliveries)::int as deliveries, sum(r.amount)::text as amount
          from agriculture.delivery_rollup r join ${UNIT_MAP} on unit.commune_code = r.commune_code
          where r.year in (${inList(years)}) and ${requestedUnitsFilter(keys)}
          group by r.year, ${UNIT_ROLLUP.groupingSets}
        ) figures where ${requestedUnitPairs(keys)}`);
      return new Map(rows.map((r) => [unitYearKey(r), { deliveries: r.deliveries, amount: Number(r.amount) }]));
    },
  });
}

export interface ModelDayKey {
  modelId: string;
  /** YYYY-MM-DD */
  asOf: string;
}

/** The (model, day) pairs among `keys` that had a live support event in the 90 days up to the day. */
export function supportedInWindowSql(keys: readonly ModelDayKey[]): SQL {
  const values = sql.join(keys.map((k) => sql`(${k.modelId}, ${k.asOf}::date)`), sql`, `);
  return sql`
    select v.model_id, to_char(v.as_of, 'YYYY-MM-DD') as as_of from (values ${values}) as v(model_id, as_of)
    where exists (select 1 from agriculture.technical_supports s
      where s.model_id = v.model_id and s.cancelled_on is null and s.support_date > v.as_of - 90 and s.support_date <= v.as_of)`;
}

/**
 * Did each model have a support event (not cancelled) in the 90 days up to a day? One statement for all models of
 * a request, each answered by a probe of the (model, date) index of live events: the cost follows the models
 * asked, not the events kept. Date-dependent, so computed at read time.
 */
function createSupportedInWindowLoader(database: Database) {
  return new DataLoader<ModelDayKey, boolean, string>(async (keys) => {
    const rows = await database.rows<{ model_id: string; as_of: string }>(supportedInWindowSql(keys));
    const supported = new Set(rows.map((r) => `${r.model_id}|${r.as_of}`));
    return keys.map((k) => supported.has(`${k.modelId}|${k.asOf}`));
  }, { cacheKeyFn: (k) => `${k.modelId}|${k.asOf}` });
}

interface ModelYearKey {
  modelId: string;
  year: number;
}

/** Had each model an ACTIVE or COMPLETED offtake agreement whose period overlaps a year? One statement per request. */
function createOfftakeCoveredLoader(database: Database) {
  return new DataLoader<ModelYearKey, boolean, string>(async (keys) => {
    const values = sql.join(keys.map((k) => sql`(${k.modelId}, ${k.year}::int)`), sql`, `);
    const rows = await database.rows<{ model_id: string; year: number }>(sql`
      select v.model_id, v.year from (values ${values}) as v(model_id, year)
      where exists (select 1 from agriculture.offtake_agreements a
        where a.model_id = v.model_id and a.status in ('ACTIVE', 'COMPLETED')
          and a.period_start <= make_date(v.year, 12, 31) and a.period_end >= make_date(v.year, 1, 1))`);
    const covered = new Set(rows.map((r) => `${r.model_id}|${r.year}`));
    return keys.map((k) => covered.has(`${k.modelId}|${k.year}`));
  }, { cacheKeyFn: (k) => `${k.modelId}|${k.year}` });
}

/** The units' yearly summaries and the per-model facts behind their flags: one statement per kind and request. */
export function createSummaryLoaders(database: Database) {
  return {
    supportFigures: createSupportFiguresLoader(database),
    deliveryFigures: createDeliveryFiguresLoader(database),
    supportedInWindow: createSupportedInWindowLoader(database),
    offtakeCovered: createOfftakeCoveredLoader(database),
  };
}
