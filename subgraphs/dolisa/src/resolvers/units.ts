import { communes, communesOfDistrict, province, requireUnit, type AreaType, type UnitLevel } from '@ntg/admin-units';
import { badUserInput } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { householdList } from '../households/resolvers';
import { modelsOfUnit } from '../models/resolvers';

interface StatsArgs {
  year: number;
  areaType?: AreaType | null;
  minority?: boolean | null;
}
interface TrendArgs extends Omit<StatsArgs, 'year'> {
  from: number;
  to: number;
}

const MAX_TREND_YEARS = 20;

function checkYear(year: number, field: string): void {
  if (year < 2000 || year > 2100) throw badUserInput(`${field} must be a calendar year between 2000 and 2100`, field);
}

function statsResolvers(level: UnitLevel) {
  return {
    households: householdList(level),
    livelihoodModels: modelsOfUnit(level),
    povertyStats: (unit: { code: string }, args: StatsArgs, ctx: DolisaContext) => {
      checkYear(args.year, 'year');
      return ctx.loaders.povertyStats.load({ level, code: unit.code, ...args });
    },
    povertyTrend: (unit: { code: string }, { from, to, ...filters }: TrendArgs, ctx: DolisaContext) => {
      checkYear(from, 'from');
      checkYear(to, 'to');
      if (from > to) throw badUserInput('from must not be after to', 'from');
      if (to - from + 1 > MAX_TREND_YEARS) throw badUserInput(`a trend spans at most ${MAX_TREND_YEARS} years`, 'to');
      const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      return ctx.loaders.povertyStats.loadMany(years.map((year) => ({ level, code: unit.code, year, ...filters })));
    },
  };
}

export const unitResolvers = {
  Query: {
    province: () => province,
    district: (_: unknown, { code }: { code: string }) => requireUnit('DISTRICT', code),
    commune: (_: unknown, { code }: { code: string }) => requireUnit('COMMUNE', code),
    communes: (_: unknown, { districtCode }: { districtCode?: string | null }) =>
      districtCode == null ? communes : communesOfDistrict(requireUnit('DISTRICT', districtCode).code),
  },
  Province: statsResolvers('PROVINCE'),
  District: statsResolvers('DISTRICT'),
  Commune: statsResolvers('COMMUNE'),
};
