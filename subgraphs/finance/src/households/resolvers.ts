import { checkYear } from '@ntg/subgraph-kit';
import type { Resolvers } from '../generated/types';

/**
 * DOLISA's household as Finance receives it: its id, plus its current commune (DOLISA's, through @requires) when
 * `fundingReceived` is asked; the commune decides who may read the money, and is never stored.
 */
export interface HouseholdReference {
  id: string;
  commune?: { code: string };
}

/** What a HouseholdFunding's resolvers receive. */
export interface HouseholdFundingParent {
  householdId: string;
  year: number;
}

export const householdResolvers: Resolvers = {
  Household: {
    __resolveReference: (ref) => ({ id: ref.id, ...(ref.commune ? { commune: { code: ref.commune.code } } : {}) }),
    // Personal data: policy.ts lets only DOLISA and Finance officers covering the household's commune through.
    fundingReceived: (household, { year }) => {
      checkYear(year);
      return { householdId: household.id, year };
    },
  },
  HouseholdFunding: {
    approved: async (f, _, ctx) => (await ctx.loaders.householdSums.load(f)).approved,
    disbursed: async (f, _, ctx) => (await ctx.loaders.householdSums.load(f)).disbursed,
    settled: async (f, _, ctx) => (await ctx.loaders.householdSums.load(f)).settled,
    allocations: (f, _, ctx) => ctx.loaders.allocationsOfHousehold.load(`${f.householdId}|${f.year}`),
    disbursements: async (f, _, ctx) => {
      const own = await ctx.loaders.allocationsOfHousehold.load(`${f.householdId}|${f.year}`);
      const lists = await ctx.loaders.disbursementsOf.loadMany(own.map((a) => a.id));
      return lists.flatMap((list) => {
        if (list instanceof Error) throw list;
        return list;
      }).sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.id - b.id);
    },
  },
};
