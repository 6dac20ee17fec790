import { findCommune, findDistrict, findProvince } from '@ntg/admin-units';
import { NO_DATA, targetStatus, yearProgress, type Measured, type TargetResult } from '@ntg/subgraph-kit';
import type { EthnicContext } from '../context';
import { minorityIndicators } from '../indicators/minority';
import type { MinorityTargetRow } from './loaders';

type Measure = (ctx: EthnicContext, target: MinorityTargetRow) => Promise<Measured>;

const unitName = (code: string) => findProvince(code)?.name ?? findDistrict(code)?.name ?? findCommune(code)?.name ?? code;

/** The unit's ethnic-minority poor rate against the year before, in percentage points: its minorityPoorRateChangePp. */
const minorityPoorRateChange: Measure = async (ctx, target) => {
  const counts = await ctx.loaders.unitCounts.load({ code: target.unitCode, graph: ctx.graph });
  if (!counts) return { ...NO_DATA, basis: `${target.unitCode} is not a unit of the reference data` };
  const now = minorityIndicators(counts, target.year);
  if (now.minorityPoorRateChangePp === null) {
    return { ...NO_DATA, basis: `no ${target.year - 1} and ${target.year} reviews of ethnic-minority households in ${unitName(target.unitCode)}` };
  }
  const before = minorityIndicators(counts, target.year - 1);
  return {
    actual: now.minorityPoorRateChangePp,
    numerator: now.minorityPoorRate,
    denominator: before.minorityPoorRate,
    basis: `ethnic-minority poor rate of ${unitName(target.unitCode)}, ${target.year - 1} -> ${target.year} (fractions): `
      + `${before.minorityPoor} of ${before.minorityHouseholds} -> ${now.minorityPoor} of ${now.minorityHouseholds} households, `
      + 'minorities by the Ethnic Committee\'s list, counts from DOLISA\'s reviews',
  };
};

/** How the Ethnic Committee measures each metric its target rows name; another metric shows NO_DATA. */
export const METRICS: Readonly<Record<string, Measure>> = {
  MINORITY_POOR_RATE_CHANGE: minorityPoorRateChange,
};

/**
 * A plan's minority targets for a year as of today: the numbers and a status by the kit's one rule. A bound
 * marked exclusive ("more than 3 pp") is not met by the bound itself.
 */
export async function evaluateMinorityTargets(ctx: EthnicContext, planCode: string, year: number): Promise<TargetResult[]> {
  const targets = (await ctx.loaders.minorityTargetsOfPlan.load(planCode)).filter((t) => t.year === year);
  const { yearClosed } = yearProgress(year, ctx.today);
  return Promise.all(targets.map(async (target) => {
    const metric = METRICS[target.metric];
    const measured = metric ? await metric(ctx, target) : { ...NO_DATA, basis: `the Ethnic Committee does not measure ${target.metric}` };
    return {
      id: target.targetId, metric: target.metric, scope: target.scope, description: target.description, measure: target.measure,
      target: { min: target.min, max: target.max },
      ...measured,
      status: targetStatus(target, measured.actual, yearClosed, { exclusive: target.boundExclusive }),
    };
  }));
}
