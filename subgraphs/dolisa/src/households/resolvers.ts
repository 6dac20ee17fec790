import { findCommune, type UnitLevel } from '@ntg/admin-units';
import { badUserInput, decodeCursor, notFound, pageSize, toConnection, type PageArgs } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import type { PovertyClass } from '../poverty/classify';
import { checkYear } from '../mutation';
import type { AssessmentRow, HouseholdRow } from './loaders';

const KINH = '01';

interface HouseholdListArgs extends PageArgs {
  year?: number | null;
  classification?: PovertyClass | null;
}

export function householdList(level: UnitLevel) {
  return async (unit: { code: string }, args: HouseholdListArgs, ctx: DolisaContext) => {
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

export const householdResolvers = {
  Query: {
    household: async (_: unknown, { id }: { id: string }, ctx: DolisaContext) => {
      const row = await ctx.loaders.householdById.load(id);
      if (!row) throw notFound(`No household with id "${id}"`, 'id');
      return row;
    },
  },
  HouseholdConnection: {
    totalCount: (connection: { countKey: Parameters<DolisaContext['loaders']['householdCount']['load']>[0] }, _: unknown, ctx: DolisaContext) =>
      ctx.loaders.householdCount.load(connection.countKey),
  },
  Household: {
    __resolveReference: (ref: { id: string }, ctx: DolisaContext) => ctx.loaders.householdById.load(ref.id),
    commune: (h: HouseholdRow) => findCommune(h.communeCode),
    areaType: (h: HouseholdRow) => findCommune(h.communeCode)!.areaType,
    headEthnicGroup: (h: HouseholdRow) => ({ code: h.headEthnicGroup }),
    minority: (h: HouseholdRow) => h.headEthnicGroup !== KINH,
    assessment: async (h: HouseholdRow, { year }: { year: number }, ctx: DolisaContext) =>
      (await ctx.loaders.currentAssessments.load(h.id)).find((a) => a.year === year) ?? null,
    assessments: (h: HouseholdRow, _: unknown, ctx: DolisaContext) => ctx.loaders.currentAssessments.load(h.id),
    assessmentHistory: async (h: HouseholdRow, { year }: { year: number }, ctx: DolisaContext) =>
      (await ctx.loaders.allAssessmentVersions.load(h.id)).filter((a) => a.year === year),
    history: async (h: HouseholdRow, _: unknown, ctx: DolisaContext) =>
      (await ctx.loaders.history.load(h.id)).map((v) => {
        const snapshot = v.snapshot as { communeCode: string; memberCount: number };
        return { version: v.version, change: v.change, communeCode: snapshot.communeCode, memberCount: snapshot.memberCount, changedAt: v.changedAt.toISOString() };
      }),
    livelihoodModels: (h: HouseholdRow, _: unknown, ctx: DolisaContext) => ctx.loaders.participationsOfHousehold.load(h.id),
  },
  PovertyAssessment: {
    deprivationCount: (a: AssessmentRow) => a.deprivations.length,
    commune: (a: AssessmentRow) => findCommune(a.communeCode),
    standard: async (a: AssessmentRow, _: unknown, ctx: DolisaContext) =>
      (await ctx.loaders.standards.load('all')).find((s) => s.id === a.standardId),
    recordedAt: (a: AssessmentRow) => a.recordedAt.toISOString(),
  },
};

export const standardResolvers = {
  Query: {
    povertyStandards: (_: unknown, __: unknown, ctx: DolisaContext) => ctx.loaders.standards.load('all'),
  },
};
