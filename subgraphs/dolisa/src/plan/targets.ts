import { sql, type SQL } from 'drizzle-orm';
import { findCommune, findDistrict, findProvince, communes, type UnitLevel } from '@ntg/admin-units';
import { NO_DATA, targetStatus, UNIT_MAP, unitColumn, yearProgress, type Measured, type TargetResult } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import type { PlanRow, TargetRow } from './loaders';

export { targetStatus };

/** The unit a target is measured on, looked up in the reference data (never guessed from the code's shape). */
interface MeasuredUnit {
  level: UnitLevel;
  code: string;
  communeCount: number;
}

function measuredUnit(code: string): MeasuredUnit | undefined {
  const province = findProvince(code);
  if (province) return { level: 'PROVINCE', code, communeCount: communes.filter((c) => c.provinceCode === code).length };
  const district = findDistrict(code);
  if (district) return { level: 'DISTRICT', code, communeCount: district.communeCodes.length };
  if (findCommune(code)) return { level: 'COMMUNE', code, communeCount: 1 };
  return undefined;
}

/** What a metric is measured for: the unit, the year, the last day counted (`until`), the as-of date and the plan. */
export interface MeasureArgs {
  unit: MeasuredUnit;
  year: number;
  until: string;
  asOf: string;
  plan: PlanRow;
}

type Measure = (ctx: DolisaContext, args: MeasureArgs) => Promise<Measured>;

/** The ModelRating scale, worst first: a rating counts as effective at or above the plan's effectiveRating. */
export const RATING_SCALE = ['POOR', 'FAIR', 'GOOD', 'EXCELLENT'] as const;
const ratingRank = (column: SQL) => sql`(case ${column} when 'POOR' then 0 when 'FAIR' then 1 when 'GOOD' then 2 when 'EXCELLENT' then 3 end)`;

/**
 * T1 as the plan words it ("triển khai có hiệu quả"): a commune of the unit counts when, on `until`, by the
 * models' status history, it has
 * - an ACTIVE model whose latest evaluation dated by `until` (if any) is not rated below the plan's effectiveRating, or
 * - a COMPLETED model whose final evaluation (the latest dated on or after its end date, known by the as-of date)
 *   is rated at or above it.
 */
const communesWithEffectiveModel: Measure = async (ctx, { unit, until, asOf, plan }) => {
  const threshold = RATING_SCALE.indexOf(plan.effectiveRating);
  const [row] = await ctx.database.rows<{ n: number; active: number; completed: number }>(sql`
    with unit_models as (
      select m.id, m.commune_code, m.end_date,
        (select e.to_status from dolisa.model_events e where e.model_id = m.id and e.effective_on <= ${until}
         order by e.effective_on desc, e.id desc limit 1) as status
      from dolisa.livelihood_models m join ${UNIT_MAP} on unit.commune_code = m.commune_code
      where ${unitColumn(unit.level)} = ${unit.code}
    ), judged as (
      select um.commune_code,
        um.status = 'ACTIVE' and coalesce((select ${ratingRank(sql`v.rating`)} from dolisa.model_evaluations v
          where v.model_id = um.id and v.evaluated_on <= ${until} order by v.evaluated_on desc, v.id desc limit 1), ${threshold}) >= ${threshold} as active_ok,
        um.status = 'COMPLETED' and coalesce((select ${ratingRank(sql`v.rating`)} from dolisa.model_evaluations v
          where v.model_id = um.id and v.evaluated_on >= um.end_date and v.evaluated_on <= ${asOf} order by v.evaluated_on desc, v.id desc limit 1), -1) >= ${threshold} as completed_ok
      from unit_models um where um.status in ('ACTIVE', 'COMPLETED')
    )
    select count(distinct commune_code) filter (where active_ok or completed_ok)::int as n,
      count(distinct commune_code) filter (where active_ok)::int as active,
      count(distinct commune_code) filter (where completed_ok)::int as completed
    from judged`);
  const n = row?.n ?? 0;
  return {
    actual: n / unit.communeCount, numerator: n, denominator: unit.communeCount,
    basis: `${n} communes with an effective model on ${until} (rated ${plan.effectiveRating} or better): ${row?.active ?? 0} with an ACTIVE model not rated ineffective, ${row?.completed ?? 0} with a COMPLETED model whose final evaluation rates it effective`,
  };
};

/**
 * T2, hiding no unknowns (read from the model outcome rollup, one row per model, never the participants or reviews): participants (not withdrawn) of the unit's models completed in the year who were poor or
 * near-poor at joining. `actual` is the share of those reviewed since their model ended who are neither now;
 * `coverage` is the share reviewed at all (below 1 the target cannot be MET); `unreviewed` counts the rest;
 * participants neither poor nor near-poor at joining are `notPoorAtJoining`, never counted as escaped.
 */
const participantsEscapedPoverty: Measure = async (ctx, { unit, year }) => {
  const [row] = await ctx.database.rows<{ escaped: number; reviewed: number; eligible: number; not_poor: number; participants: number; models: number }>(sql`
    select coalesce(sum(r.escaped), 0)::int as escaped, coalesce(sum(r.reviewed), 0)::int as reviewed, coalesce(sum(r.eligible), 0)::int as eligible,
      coalesce(sum(r.not_poor), 0)::int as not_poor, coalesce(sum(r.participants), 0)::int as participants,
      count(*)::int as models
    from dolisa.livelihood_models m
    join dolisa.model_outcome_rollup r on r.model_id = m.id
    where m.status = 'COMPLETED' and m.end_date between ${`${year}-01-01`} and ${`${year}-12-31`}
      and m.commune_code in (select unit.commune_code from ${UNIT_MAP} where ${unitColumn(unit.level)} = ${unit.code})`);
  const r = row ?? { escaped: 0, reviewed: 0, eligible: 0, not_poor: 0, participants: 0, models: 0 };
  const unknownClass = r.participants - r.eligible - r.not_poor;
  const apart = `${r.not_poor} not poor or near-poor at joining${unknownClass ? `, ${unknownClass} with no review before joining` : ''}`;
  const extra = { notPoorAtJoining: r.not_poor, unreviewed: r.eligible - r.reviewed, coverage: r.eligible > 0 ? r.reviewed / r.eligible : null };
  if (r.eligible === 0) return { ...NO_DATA, ...extra, basis: `no participant poor or near-poor at joining in a model completed in ${year} (${apart})` };
  const basis = `${r.models} models completed in ${year}: ${r.eligible} participants poor or near-poor at joining, ${r.reviewed} reviewed since `
    + `the model ended (${r.escaped} escaped), ${r.eligible - r.reviewed} not reviewed yet; ${apart}`;
  if (r.reviewed === 0) return { ...NO_DATA, ...extra, basis };
  return { actual: r.escaped / r.reviewed, numerator: r.escaped, denominator: r.reviewed, basis, ...extra };
};

/** The unit's poor-household rate against the year before, in percentage points. */
const poorRateChange: Measure = async (ctx, { unit, year }) => {
  const [now, before] = await ctx.loaders.povertyStats.loadMany([
    { level: unit.level, code: unit.code, year },
    { level: unit.level, code: unit.code, year: year - 1 },
  ]);
  if (!now || now instanceof Error || !before || before instanceof Error || now.poorRateChangePp === null) {
    return { ...NO_DATA, basis: `no ${year - 1} and ${year} reviews for ${unit.code}` };
  }
  return { actual: now.poorRateChangePp, numerator: now.poorRate, denominator: before.poorRate, basis: `poor rate ${year - 1} -> ${year} (fractions)` };
};

/**
 * How DOLISA measures each metric a plan's targets name, on the unit the target row names. A revised target or
 * a second plan is a row of plan_targets, not a code change; a metric this table lacks is measured by another
 * department (T4, the Ethnic Committee's) and shows NO_DATA here.
 */
export const METRICS: Readonly<Record<string, Measure>> = {
  COMMUNES_WITH_EFFECTIVE_MODEL: communesWithEffectiveModel,
  PARTICIPANTS_ESCAPED_POVERTY: participantsEscapedPoverty,
  POOR_RATE_CHANGE: poorRateChange,
};

async function measure(ctx: DolisaContext, plan: PlanRow, target: TargetRow, until: string, asOf: string): Promise<Measured> {
  const metric = METRICS[target.metric];
  if (!metric) return { ...NO_DATA, basis: `DOLISA does not measure ${target.metric}` };
  const unit = measuredUnit(target.unitCode);
  if (!unit) return { ...NO_DATA, basis: `${target.unitCode} is not a unit of the reference data` };
  return metric(ctx, { unit, year: target.year, until, asOf, plan });
}

/** Evaluates a plan's targets for a year as of a date (default today): the numbers and a status for each. */
export async function evaluateTargets(ctx: DolisaContext, planCode: string, year: number, asOfDate: string): Promise<TargetResult[]> {
  const [plan, all] = await Promise.all([ctx.loaders.planByCode.load(planCode), ctx.loaders.targetsOfPlan.load(planCode)]);
  if (!plan) return [];
  const targets = all.filter((t) => t.year === year);
  const { yearClosed, until } = yearProgress(year, asOfDate);
  return Promise.all(targets.map(async (target) => {
    const measured = await measure(ctx, plan, target, until, asOfDate);
    return {
      id: target.targetId, metric: target.metric, scope: target.scope, description: target.description, measure: target.measure,
      target: { min: target.min, max: target.max },
      ...measured,
      status: targetStatus(target, measured.actual, yearClosed, { coverage: measured.coverage ?? null }),
    };
  }));
}
