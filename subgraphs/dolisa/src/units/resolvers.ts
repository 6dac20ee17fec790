import { communes, communesOfDistrict, province, requireUnit, type UnitLevel } from '@ntg/admin-units';
import { badUserInput, checkYear } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import type { AreaType, Resolvers } from '../generated/types';
import { householdList } from '../households/resolvers';
import { modelsOfUnit } from '../models/resolvers';

interface StatsFilters {
  areaType?: AreaType | null;
  minority?: boolean | null;
}

const MAX_TREND_YEARS = 20;

/** DOLISA's facts on a unit of any level: the same resolvers, told the level. */
function unitFields(level: UnitLevel) {
  return {
    households: householdList(level),
    livelihoodModels: modelsOfUnit(level),
    modelStatuses: (unit: { code: string }, _: unknown, ctx: DolisaContext) => ctx.loaders.modelsOfUnit.load({ level, code: unit.code, status: null }),
    countsByEthnicGroup: (unit: { code: string }, _: unknown, ctx: DolisaContext) => ctx.loaders.ethnicGroupCounts.load({ level, code: unit.code }),
    povertyStats: (unit: { code: string }, args: StatsFilters & { year: number }, ctx: DolisaContext) => {
      checkYear(args.year, 'year');
      return ctx.loaders.povertyStats.load({ level, code: unit.code, ...args });
    },
    povertyTrend: async (unit: { code: string }, { from, to, ...filters }: StatsFilters & { from: number; to: number }, ctx: DolisaContext) => {
      checkYear(from, 'from');
      checkYear(to, 'to');
      if (from > to) throw badUserInput('from must not be after to', 'from');
      if (to - from + 1 > MAX_TREND_YEARS) throw badUserInput(`a trend spans at most ${MAX_TREND_YEARS} years`, 'to');
      const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const stats = await ctx.loaders.povertyStats.loadMany(years.map((year) => ({ level, code: unit.code, year, ...filters })));
      return stats.map((s) => {
        if (s instanceof Error) throw s;
        return s;
      });
    },
  };
}

export const unitResolvers: Resolvers = {
  Query: {
    province: () => province,
    district: (_, { code }) => requireUnit('DISTRICT', code),
    commune: (_, { code }) => requireUnit('COMMUNE', code),
    communes: (_, { districtCode }) => [...(districtCode == null ? communes : communesOfDistrict(requireUnit('DISTRICT', districtCode).code))],
  },
  Province: unitFields('PROVINCE'),
  District: unitFields('DISTRICT'),
  Commune: unitFields('COMMUNE'),
};
