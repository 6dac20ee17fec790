import { findCommune, type UnitLevel } from '@ntg/admin-units';
import { badUserInput, checkYear, decodeCursor, notFound, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import type { PovertyClass, Resolvers } from '../generated/types';
import { isMinorityGroup } from '@ntg/ethnic-groups';
import { dissolveHousehold, moveHousehold, registerHousehold, updateHousehold } from './service';
import type { HouseholdPage } from './loaders';

interface HouseholdListArgs {
  first?: number | null;
  after?: string | null;
  year?: number | null;
  classification?: PovertyClass | null;
}

/** A unit's households, a page at a time: on the registry now, or as reviewed in a year. */
export function householdList(level: UnitLevel) {
  return async (unit: { code: string }, args: HouseholdListArgs, ctx: DolisaContext): Promise<HouseholdPage> => {
    const size = pageSize(args);
    const year = args.year ?? null;
    if (year !== null) checkYear(year, 'year');
    if (args.classification && year === null) throw badUserInput('classification needs a year: a class belongs to one review', 'classification');
    const afterId = args.after ? String(decodeCursor(args.after)[0]) : null;
    const key = { level, code: unit.code, year, classification: args.classification ?? null };
    const rows = await ctx.loaders.householdPage.load({ ...key, limit: size + 1, afterId });
    return { ...toConnection(rows, size, (h) => [h.id]), countKey: key };
  };
}

export const householdResolvers: Resolvers = {
  Query: {
    household: async (_, { id }, ctx) => {
      const row = await ctx.loaders.householdById.load(id);
      if (!row) throw notFound(`No household with id "${id}"`, 'id');
      return row;
    },
  },
  Mutation: {
    registerHousehold: (_, { input }, ctx) => registerHousehold(writeScope(ctx), input),
    updateHousehold: (_, args, ctx) => updateHousehold(writeScope(ctx), args),
    moveHousehold: (_, args, ctx) => moveHousehold(writeScope(ctx), args),
    dissolveHousehold: (_, args, ctx) => dissolveHousehold(writeScope(ctx), args),
  },
  HouseholdConnection: {
    totalCount: (page, _, ctx) => ctx.loaders.householdCount.load(page.countKey),
  },
  Household: {
    __resolveReference: (ref, ctx) => ctx.loaders.householdById.load(ref.id),
    commune: (h) => findCommune(h.communeCode)!,
    areaType: (h) => findCommune(h.communeCode)!.areaType,
    headEthnicGroup: (h) => ({ code: h.headEthnicGroup }),
    minority: (h) => isMinorityGroup(h.headEthnicGroup),
    assessment: async (h, { year }, ctx) => (await ctx.loaders.currentAssessments.load(h.id)).find((a) => a.year === year) ?? null,
    assessments: (h, _, ctx) => ctx.loaders.currentAssessments.load(h.id),
    assessmentHistory: async (h, { year }, ctx) => (await ctx.loaders.allAssessmentVersions.load(h.id)).filter((a) => a.year === year),
    history: (h, _, ctx) => ctx.loaders.history.load(h.id),
    livelihoodModels: (h, _, ctx) => ctx.loaders.participationsOfHousehold.load(h.id),
  },
  HouseholdVersion: {
    communeCode: (v) => (v.snapshot as { communeCode: string }).communeCode,
    memberCount: (v) => (v.snapshot as { memberCount: number }).memberCount,
    changedAt: (v) => v.changedAt.toISOString(),
  },
};
