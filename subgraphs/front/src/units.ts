import { findCommune, findDistrict, findProvince, levelOfCode, type UnitLevel } from '@ntg/admin-units';
import { badUserInput, coversUnit } from '@ntg/subgraph-kit';
import type { FrontLevel } from './generated/types';

/** A unit of the 2023 list: the province "58", a district or a commune, with its level (a Front committee's). */
export interface FrontUnit {
  readonly code: string;
  readonly level: FrontLevel & UnitLevel;
  readonly name: string;
}

/** The unit with this code, or undefined when it is not a Ninh Thuận unit. */
export function findUnit(code: string): FrontUnit | undefined {
  const level = levelOfCode(code);
  const unit = level === 'PROVINCE' ? findProvince(code) : level === 'DISTRICT' ? findDistrict(code) : level === 'COMMUNE' ? findCommune(code) : undefined;
  return unit && level ? { code, level, name: 'fullName' in unit ? unit.fullName : unit.name } : undefined;
}

/** A unit code given by the caller: BAD_USER_INPUT naming `field` when it is not a Ninh Thuận unit. */
export function requireUnit(code: string, field: string): FrontUnit {
  const unit = findUnit(code);
  if (!unit) throw badUserInput(`"${code}" is not a Ninh Thuận unit code (the province 58, a district or a commune)`, field);
  return unit;
}

/** A commune code given by the caller: BAD_USER_INPUT naming `field` otherwise. */
export function requireCommune(code: string, field: string): string {
  if (!findCommune(code)) throw badUserInput(`"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

/** The unit of the Front committee of `level` above (or at) a commune: whose area a supervision belongs to. */
export function committeeUnit(level: FrontLevel, communeCode: string): string {
  const commune = findCommune(communeCode);
  if (!commune) throw new Error(`committeeUnit: unknown commune ${communeCode}`);
  return level === 'PROVINCE' ? commune.provinceCode : level === 'DISTRICT' ? commune.districtCode : commune.code;
}

/** Whether `outer` is `inner` or lies above it (the province over everything, a district over its communes). */
export function unitCovers(outer: string, inner: string): boolean {
  return coversUnit(outer, inner);
}

/**
 * The unit and every unit below it, from the reference list: what an area list of "584" includes (the district's
 * own records and its communes'). The province covers every code.
 */
export function codesWithin(code: string): string[] {
  const unit = findUnit(code);
  if (!unit) return [];
  if (unit.level === 'COMMUNE') return [code];
  if (unit.level === 'DISTRICT') return [code, ...findDistrict(code)!.communeCodes];
  const province = findProvince(code)!;
  return [code, ...province.districtCodes.flatMap((d) => [d, ...findDistrict(d)!.communeCodes])];
}
