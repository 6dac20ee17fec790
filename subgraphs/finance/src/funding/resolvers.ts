import type { UnitLevel } from '@ntg/admin-units';
import { checkYear } from '@ntg/subgraph-kit';
import type { FinanceContext } from '../context';
import type { Resolvers } from '../generated/types';

/** A unit's money in a year: the same resolver at every level, told the level. */
function fundingSummary(level: UnitLevel) {
  return (unit: { code: string }, { year }: { year: number }, ctx: FinanceContext) => {
    checkYear(year);
    return ctx.loaders.fundingSummary.load({ level, code: unit.code, year });
  };
}

export const fundingResolvers: Resolvers = {
  Province: { fundingSummary: fundingSummary('PROVINCE') },
  District: { fundingSummary: fundingSummary('DISTRICT') },
  Commune: { fundingSummary: fundingSummary('COMMUNE') },
};
