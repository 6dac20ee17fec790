import type { Resolvers } from '../generated/types';
import { minorityIndicators, minorityIndicatorsByYear } from './minority';
import { communeReference, countsOf, districtReference, provinceReference, type WithCounts } from './units';

/**
 * Minority indicators on a unit of any level: computed from DOLISA's counts, which arrive with the unit through
 * @requires, so they cost this subgraph no statement and DOLISA one for any number of units.
 */
const indicatorFields = {
  minorityIndicators: (unit: WithCounts<{ code: string }>, { year }: { year: number }) => minorityIndicators(countsOf(unit, year), year),
  minorityIndicatorsByYear: (unit: WithCounts<{ code: string }>) => minorityIndicatorsByYear(countsOf(unit)),
};

export const indicatorResolvers: Resolvers = {
  Province: { __resolveReference: provinceReference, ...indicatorFields },
  District: { __resolveReference: districtReference, ...indicatorFields },
  Commune: { __resolveReference: communeReference, ...indicatorFields },
};
