import { findCommune, findDistrict, findProvince, type Commune, type District, type Province } from '@ntg/admin-units';
import { badUserInput, checkYear } from '@ntg/subgraph-kit';
import type { EthnicGroupCount } from './minority';

/**
 * A unit as this subgraph resolves it: the shared reference data, plus DOLISA's counts when the gateway sent them
 * in the representation (it does for every field that @requires them).
 */
export type WithCounts<U> = U & { readonly countsByEthnicGroup?: readonly EthnicGroupCount[] };
export type ProvinceWithCounts = WithCounts<Province>;
export type DistrictWithCounts = WithCounts<District>;
export type CommuneWithCounts = WithCounts<Commune>;

interface Representation {
  readonly code: string;
  readonly countsByEthnicGroup?: readonly EthnicGroupCount[];
}

/**
 * The kit's unit references resolve the code alone; these keep the required fields of the representation, which
 * is how @requires hands DOLISA's counts to the fields that need them. Unknown codes resolve to null.
 */
function keepingCounts<U>(find: (code: string) => U | undefined) {
  return (ref: Representation): WithCounts<U> | null => {
    const unit = find(ref.code);
    if (!unit) return null;
    return ref.countsByEthnicGroup ? { ...unit, countsByEthnicGroup: ref.countsByEthnicGroup } : unit;
  };
}

export const provinceReference = keepingCounts<Province>(findProvince);
export const districtReference = keepingCounts<District>(findDistrict);
export const communeReference = keepingCounts<Commune>(findCommune);

/** The counts of a unit, or an error: only a representation from the gateway carries them. */
export function countsOf(unit: WithCounts<{ code: string }>, year?: number): readonly EthnicGroupCount[] {
  if (year !== undefined) checkYear(year, 'year');
  if (!unit.countsByEthnicGroup) {
    throw badUserInput(`Unit ${unit.code}: the minority indicators are computed from DOLISA's countsByEthnicGroup, which the gateway sends; query them through the gateway`, 'countsByEthnicGroup');
  }
  return unit.countsByEthnicGroup;
}
