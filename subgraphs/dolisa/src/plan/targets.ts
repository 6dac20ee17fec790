import { sql } from 'drizzle-orm';
import { findCommune, findDistrict, findProvince, communes, type UnitLevel } from '@ntg/admin-units';
import { NO_DATA, targetStatus, UNIT_MAP, unitColumn, yearProgress, type Measured, type TargetResult } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { outcomeSql } from '../models/loaders';
import type { TargetRow } from './loaders';

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

type Measure = (ctx: DolisaContext, unit: MeasuredUnit, year: number, until: string) => Promise<Measured>;

/** Communes of the unit whose model was ACTIVE or COMPLETED on the date, by the model's status history. */
const communesWithEffectiveModel: Measure = async (ctx, unit, _year, until) => {
  const [row] = await ctx.database.rows<{ n: number }>(sql`
    select count(distinct m.commune_code)::int as n from dolisa.livelihood_models m join ${UNIT_MAP} on unit.commune_code = m.commune_code
    where ${unitColumn(unit.level)} = ${unit.code}
      and (select e.to_status from dolisa.model_events e where e.model_id = m.id and e.effective_on <= ${until}
           order by e.effective_on desc, e.id desc limit 1) in ('ACTIVE', 'COMPLETED')`);
  const n = row?.n ?? 0;
  return { actual: n / unit.communeCount, numerator: n, denominator: unit.communeCount, basis: `communes with an ACTIVE or COMPLETED model on ${until}` };
};

/** Participants of the unit's models completed in the year who escaped poverty, of those reviewed since. */
const participantsEscapedPoverty: Measure = async (ctx, unit, year) => {
  const [row] = await ctx.database.rows<{ escaped: number; reviewed: number; models: number }>(sql`
    select coalesce(sum(escaped), 0)::int as escaped, coalesce(sum(reviewed), 0)::int as reviewed, count(*)::int as models
    from (${outcomeSql(sql`m.status = 'COMPLETED' and m.end_date between ${`${year}-01-01`} and ${`${year}-12-31`}
      and m.commune_code in (select unit.commune_code from ${UNIT_MAP} where ${unitColumn(unit.level)} = ${unit.code})`)}) outcomes`);
  if (!row || row.reviewed === 0) return { ...NO_DATA, basis: `no participant of a model completed in ${year} has been reviewed since` };
  return { actual: row.escaped / row.reviewed, numerator: row.escaped, denominator: row.reviewed, basis: `${row.models} models completed in ${year}` };
};

/** The unit's poor-household rate against the year before, in percentage points. */
const poorRateChange: Measure = async (ctx, unit, year) => {
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

async function measure(ctx: DolisaContext, target: TargetRow, until: string): Promise<Measured> {
  const metric = METRICS[target.metric];
  if (!metric) return { ...NO_DATA, basis: `DOLISA does not measure ${target.metric}` };
  const unit = measuredUnit(target.unitCode);
  if (!unit) return { ...NO_DATA, basis: `${target.unitCode} is not a unit of the reference data` };
  return metric(ctx, unit, target.year, until);
}

/** Evaluates a plan's targets for a year as of a date (default today): the numbers and a status for each. */
export async function evaluateTargets(ctx: DolisaContext, planCode: string, year: number, asOfDate: string): Promise<TargetResult[]> {
  const targets = (await ctx.loaders.targetsOfPlan.load(planCode)).filter((t) => t.year === year);
  const { yearClosed, until } = yearProgress(year, asOfDate);
  return Promise.all(targets.map(async (target) => {
    const measured = await measure(ctx, target, until);
    return {
      id: target.targetId, metric: target.metric, scope: target.scope, description: target.description, measure: target.measure,
      target: { min: target.min, max: target.max },
      ...measured,
      status: targetStatus(target, measured.actual, yearClosed),
    };
  }));
}
