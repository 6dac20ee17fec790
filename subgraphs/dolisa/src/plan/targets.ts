import { asc, inArray, sql } from 'drizzle-orm';
import { communes, type UnitLevel } from '@ntg/admin-units';
import type { Database } from '@ntg/db';
import { planTargets, plans } from '../db/schema';
import { groupLoader, rowLoader } from '../batch';
import { outcomeSql } from '../models/loaders';
import type { DolisaContext } from '../context';

export type TargetStatus = 'MET' | 'ON_TRACK' | 'AT_RISK' | 'MISSED' | 'NO_DATA';
export type PlanRow = typeof plans.$inferSelect;
export type TargetRow = typeof planTargets.$inferSelect;

export interface TargetResult {
  id: string;
  metric: string;
  scope: string;
  description: string;
  measure: string;
  target: { min: number | null; max: number | null };
  actual: number | null;
  status: TargetStatus;
  numerator: number | null;
  denominator: number | null;
  basis: string | null;
}

interface Measured {
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  basis: string | null;
}

const NO_DATA: Measured = { actual: null, numerator: null, denominator: null, basis: null };

/**
 * A share target (FRACTION) is met at or above its minimum; a rate-change target (PP) is met at or below its
 * maximum, since a larger fall than planned also meets it. Before the year is over the same test says
 * ON_TRACK or AT_RISK.
 */
export function targetStatus(target: Pick<TargetRow, 'measure' | 'min' | 'max'>, actual: number | null, yearClosed: boolean): TargetStatus {
  if (actual === null) return 'NO_DATA';
  const reached = target.measure === 'PP' ? target.max === null || actual <= target.max + 1e-9 : target.min === null || actual >= target.min - 1e-9;
  if (yearClosed) return reached ? 'MET' : 'MISSED';
  return reached ? 'ON_TRACK' : 'AT_RISK';
}

export function createPlanLoaders(database: Database) {
  const { db } = database;
  return {
    planByCode: rowLoader<string, PlanRow>((codes) => db.select().from(plans).where(inArray(plans.code, [...codes])), (p) => p.code),
    targetsOfPlan: groupLoader<string, TargetRow>(
      (codes) => db.select().from(planTargets).where(inArray(planTargets.planCode, [...codes])).orderBy(asc(planTargets.year), asc(planTargets.targetId)),
      (t) => t.planCode,
    ),
  };
}

/** T1: communes whose model was ACTIVE or COMPLETED on the date, by the model's status history. */
async function communesWithEffectiveModel(database: Database, asOf: string): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`
    select count(distinct m.commune_code)::int as n from dolisa.livelihood_models m
    where (select e.to_status from dolisa.model_events e where e.model_id = m.id and e.effective_on <= ${asOf}
           order by e.effective_on desc, e.id desc limit 1) in ('ACTIVE', 'COMPLETED')`);
  return row?.n ?? 0;
}

/** T2: participants of models completed in the year who escaped poverty, of those reviewed since. */
async function participantEscapes(database: Database, year: number): Promise<Measured> {
  const [row] = await database.rows<{ escaped: number; reviewed: number; models: number }>(sql`
    select coalesce(sum(escaped), 0)::int as escaped, coalesce(sum(reviewed), 0)::int as reviewed, count(*)::int as models
    from (${outcomeSql(sql`m.status = 'COMPLETED' and m.end_date between ${`${year}-01-01`} and ${`${year}-12-31`}`)}) outcomes`);
  if (!row || row.reviewed === 0) return { ...NO_DATA, basis: `no participant of a model completed in ${year} has been reviewed since` };
  return { actual: row.escaped / row.reviewed, numerator: row.escaped, denominator: row.reviewed, basis: `${row.models} models completed in ${year}` };
}

async function rateChange(ctx: DolisaContext, level: UnitLevel, code: string, year: number): Promise<Measured> {
  const [now, before] = await ctx.loaders.povertyStats.loadMany([{ level, code, year }, { level, code, year: year - 1 }]);
  if (!now || now instanceof Error || !before || before instanceof Error || now.poorRateChangePp === null) {
    return { ...NO_DATA, basis: `no ${year - 1} and ${year} reviews for ${code}` };
  }
  return { actual: now.poorRateChangePp, numerator: now.poorRate, denominator: before.poorRate, basis: `poor rate ${year - 1} -> ${year} (fractions)` };
}

/** Evaluates a plan's targets for a year as of a date (default today): the numbers and a status for each. */
export async function evaluateTargets(ctx: DolisaContext, planCode: string, year: number, asOfDate: string): Promise<TargetResult[]> {
  const targets = (await ctx.loaders.targetsOfPlan.load(planCode)).filter((t) => t.year === year);
  const yearEnd = `${year}-12-31`;
  const asOf = asOfDate < yearEnd ? asOfDate : yearEnd;
  const yearClosed = asOfDate > yearEnd;
  return Promise.all(targets.map(async (target) => {
    let measured: Measured;
    switch (target.targetId) {
      case 'T1': {
        const n = await communesWithEffectiveModel(ctx.database, asOf);
        measured = { actual: n / communes.length, numerator: n, denominator: communes.length, basis: `communes with an ACTIVE or COMPLETED model on ${asOf}` };
        break;
      }
      case 'T2':
        measured = await participantEscapes(ctx.database, year);
        break;
      case 'T3':
      case 'T5':
        measured = await rateChange(ctx, target.unitCode.length === 2 ? 'PROVINCE' : 'DISTRICT', target.unitCode, year);
        break;
      default:
        measured = { ...NO_DATA, basis: `DOLISA does not measure ${target.targetId}` };
    }
    return {
      id: target.targetId, metric: target.metric, scope: target.scope, description: target.description, measure: target.measure,
      target: { min: target.min, max: target.max },
      ...measured,
      status: targetStatus(target, measured.actual, yearClosed),
    };
  }));
}


