import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { badUserInput, notFound, type DomainError } from '@ntg/errors';
import {
  findCommune, findDistrict, findProvince, levelOfCode, province, districts, communesOfDistrict,
  type Commune, type District, type Province, type UnitLevel,
} from './units';

/** Shareable unit types every subgraph declares, so the gateway never needs a hop for unit fields. */
export const adminUnitTypeDefs: DocumentNode = parse(
  readFileSync(new URL('../units.graphql', import.meta.url), 'utf8'),
);

function badCode(code: string, expected: UnitLevel): DomainError {
  return badUserInput(`"${code}" is not a ${expected.toLowerCase()} code (GSO codes: province 2 digits, district 3, commune 5)`, 'code');
}

/**
 * Looks a unit up for a root field: a malformed code throws BAD_USER_INPUT; an unknown but well-formed
 * code throws NOT_FOUND (the field becomes null with that error).
 */
export function requireUnit(level: 'PROVINCE', code: string): Province;
export function requireUnit(level: 'DISTRICT', code: string): District;
export function requireUnit(level: 'COMMUNE', code: string): Commune;
export function requireUnit(level: UnitLevel, code: string): Province | District | Commune {
  if (levelOfCode(code) !== level) throw badCode(code, level);
  const unit = level === 'PROVINCE' ? findProvince(code) : level === 'DISTRICT' ? findDistrict(code) : findCommune(code);
  if (!unit) {
    throw notFound(`No ${level.toLowerCase()} with code "${code}" in Ninh Thuận`, 'code');
  }
  return unit;
}

/** Entity references resolve to null for unknown codes: the gateway then returns null for that entity. */
export const adminUnitResolvers = {
  Province: {
    __resolveReference: (ref: { code: string }) => findProvince(ref.code) ?? null,
    districts: () => districts,
  },
  District: {
    __resolveReference: (ref: { code: string }) => findDistrict(ref.code) ?? null,
    province: () => province,
    communes: (d: District) => communesOfDistrict(d.code),
  },
  Commune: {
    __resolveReference: (ref: { code: string }) => findCommune(ref.code) ?? null,
    district: (c: Commune) => findDistrict(c.districtCode),
    province: () => province,
  },
};
