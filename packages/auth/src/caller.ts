import { findCommune, findDistrict, findProvince, levelOfCode, type UnitLevel } from '@ntg/admin-units';

/** The agencies of the programme; PROVINCE is the provincial leadership (People's Committee). */
export const DEPARTMENTS = ['DOLISA', 'AGRICULTURE', 'FINANCE', 'ETHNIC', 'FRONT', 'PROVINCE'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/**
 * officer: does the department's work (the only role that writes its data); supervisor: the Front's oversight
 * (writes supervision records, reads everything but personal data); analyst and viewer: read aggregates and
 * non-personal fields.
 */
export const ROLES = ['officer', 'supervisor', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as established from a verified token. */
export interface Caller {
  /** The token's `sub`: a stable user id, recorded in the audit trail. */
  readonly subject: string;
  readonly department: Department;
  readonly role: Role;
  /** GSO code of the caller's area: "58" (province), a 3-digit district or a 5-digit commune. */
  readonly area: string;
  readonly areaLevel: UnitLevel;
}

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The level of an existing Ninh Thuận unit code, or undefined for a malformed or unknown code. */
export function areaLevelOf(code: unknown): UnitLevel | undefined {
  if (typeof code !== 'string') return undefined;
  const level = levelOfCode(code);
  if (level === 'PROVINCE') return findProvince(code) ? level : undefined;
  if (level === 'DISTRICT') return findDistrict(code) ? level : undefined;
  if (level === 'COMMUNE') return findCommune(code) ? level : undefined;
  return undefined;
}

export interface CallerClaims {
  department: Department;
  role: Role;
  area: string;
  subject?: string;
}

/** Builds a caller from plain claims, checking the department, role and area; throws a plain Error otherwise. */
export function makeCaller(claims: CallerClaims): Caller {
  if (!isDepartment(claims.department)) throw new Error(`Unknown department "${String(claims.department)}" (one of ${DEPARTMENTS.join(', ')})`);
  if (!isRole(claims.role)) throw new Error(`Unknown role "${String(claims.role)}" (one of ${ROLES.join(', ')})`);
  const areaLevel = areaLevelOf(claims.area);
  if (!areaLevel) throw new Error(`Area "${String(claims.area)}" is not a Ninh Thuận unit code (province 58, a district or a commune)`);
  const subject = claims.subject ?? `${claims.department.toLowerCase()}-${claims.role}-${claims.area}`;
  return Object.freeze({ subject, department: claims.department, role: claims.role, area: claims.area, areaLevel });
}

/** A caller for tests and scripts: `testCaller({ department: 'DOLISA', role: 'officer', area: '22783' })`. */
export function testCaller(claims: CallerClaims): Caller {
  return makeCaller(claims);
}

/** The default caller of the subgraph test harness: a province-wide analyst of the leadership, read-only. */
export const PROVINCE_ANALYST: Caller = makeCaller({ department: 'PROVINCE', role: 'analyst', area: '58', subject: 'test-province-analyst' });

type AreaHolder = Pick<Caller, 'area'> | string;

function areaCode(holder: AreaHolder): string {
  return typeof holder === 'string' ? holder : holder.area;
}

/**
 * Whether an area covers a commune: the province covers its communes, a district the communes the reference
 * data lists under it (never judged by code ranges: 22837 belongs to Thuận Bắc 588 although its code sits among
 * Ninh Hải's), a commune only itself. Unknown codes are covered by nobody.
 */
export function covers(caller: AreaHolder, communeCode: string): boolean {
  const area = areaCode(caller);
  const commune = findCommune(communeCode);
  if (!commune) return false;
  switch (areaLevelOf(area)) {
    case 'PROVINCE':
      return commune.provinceCode === area;
    case 'DISTRICT':
      return commune.districtCode === area;
    case 'COMMUNE':
      return commune.code === area;
    default:
      return false;
  }
}

/**
 * Whether an area covers a unit of any level: a commune as in `covers`; a district only from the province or
 * that district; the province only from the province.
 */
export function coversUnit(caller: AreaHolder, unitCode: string): boolean {
  const area = areaCode(caller);
  switch (areaLevelOf(unitCode)) {
    case 'COMMUNE':
      return covers(area, unitCode);
    case 'DISTRICT': {
      const level = areaLevelOf(area);
      return (level === 'PROVINCE' && findDistrict(unitCode)!.provinceCode === area) || (level === 'DISTRICT' && area === unitCode);
    }
    case 'PROVINCE':
      return areaLevelOf(area) === 'PROVINCE' && area === unitCode;
    default:
      return false;
  }
}

/** "DOLISA officer of 22783 (sub …)": for messages and logs. */
export function describeCaller(caller: Caller): string {
  return `${caller.department} ${caller.role} of ${caller.areaLevel.toLowerCase()} ${caller.area}`;
}
