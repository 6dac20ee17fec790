import { findCommune, findDistrict, findProvince, type UnitLevel } from '@ntg/admin-units';
import { checkYear } from '@ntg/subgraph-kit';
import type { FinanceContext } from '../context';
import type { Resolvers } from '../generated/types';
import { modelSums, type FundingSummaryParent } from './loaders';
import { factsOf, modelReference, unitFacts, type ModelFacts } from './units';

/**
 * A unit's money in a year: the same resolver at every level, told the level. The unit arrives with DOLISA's
 * `modelStatuses` (the field @requires them); they are kept for flagCounts only, never stored.
 */
function fundingSummary(level: UnitLevel) {
  return async (unit: { code: string; modelStatuses?: readonly ModelFacts[] }, { year }: { year: number }, ctx: FinanceContext): Promise<FundingSummaryParent> => {
    checkYear(year);
    const key = { level, code: unit.code, year };
    return { ...(await ctx.loaders.fundingSummary.load(key)), unit: key, facts: unit.modelStatuses ?? null };
  };
}

/** A unit reference keeps the facts the gateway sent with it (the shared resolver would drop them). */
function withFacts<T extends object>(unit: T | undefined, ref: object): (T & { modelStatuses?: readonly ModelFacts[] }) | null {
  if (!unit) return null;
  const facts = unitFacts(ref);
  return facts ? { ...unit, modelStatuses: facts } : unit;
}

export const fundingResolvers: Resolvers = {
  Province: {
    __resolveReference: (ref) => withFacts(findProvince(ref.code), ref),
    fundingSummary: fundingSummary('PROVINCE'),
  },
  District: {
    __resolveReference: (ref) => withFacts(findDistrict(ref.code), ref),
    fundingSummary: fundingSummary('DISTRICT'),
  },
  Commune: {
    __resolveReference: (ref) => withFacts(findCommune(ref.code), ref),
    fundingSummary: fundingSummary('COMMUNE'),
  },
  FundingSummary: {
    flagCounts: (summary, _, ctx) => {
      if (!summary.facts) {
        throw new Error('fundingSummary.flagCounts needs DOLISA\'s modelStatuses of the unit (@requires): ask it through the gateway');
      }
      return ctx.loaders.flagCounts.load({ ...summary.unit, facts: summary.facts });
    },
  },
  LivelihoodModel: {
    /** The registry is DOLISA's: a reference is its id, plus the facts `funding` requires when it is asked. */
    __resolveReference: (ref) => modelReference(ref),
    funding: (model) => ({ modelId: model.id, facts: factsOf(model) }),
  },
  ModelFunding: {
    approved: async (f, _, ctx) => modelSums(await ctx.loaders.modelSums.load(f.modelId)).approved,
    disbursed: async (f, _, ctx) => modelSums(await ctx.loaders.modelSums.load(f.modelId)).disbursed,
    settled: async (f, _, ctx) => modelSums(await ctx.loaders.modelSums.load(f.modelId)).settled,
    bySource: async (f, _, ctx) => modelSums(await ctx.loaders.modelSums.load(f.modelId)).bySource,
    allocations: (f, _, ctx) => ctx.loaders.allocationsOfModel.load(f.modelId),
    flags: (f, _, ctx) => {
      if (!f.facts) throw new Error('LivelihoodModel.funding.flags needs DOLISA\'s status, endDate and plannedBudget (@requires): ask it through the gateway');
      return ctx.loaders.modelFlags.load(f.facts);
    },
  },
  FundingFlag: {
    allocations: async (flag, _, ctx) => (await ctx.loaders.allocationById.loadMany(flag.allocationIds)).map((row, i) => {
      if (!row || row instanceof Error) throw new Error(`flag names allocation ${flag.allocationIds[i]}, which could not be read`);
      return row;
    }),
  },
};
