import type { UnitLevel } from '@ntg/admin-units';
import type { FinanceContext } from '../context';
import { checkYear } from './year';

function summaryResolvers(level: UnitLevel) {
  return {
    fundingSummary: (unit: { code: string }, { year }: { year: number }, ctx: FinanceContext) => {
      checkYear(year);
      return ctx.loaders.fundingSummary.load({ level, code: unit.code, year });
    },
  };
}

export const unitResolvers = {
  Province: summaryResolvers('PROVINCE'),
  District: summaryResolvers('DISTRICT'),
  Commune: summaryResolvers('COMMUNE'),
};
