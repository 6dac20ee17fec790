import raw from '../data/ninh-thuan-admin-units.json' with { type: 'json' };

/** phường, xã, thị trấn */
export type CommuneKind = 'WARD' | 'COMMUNE' | 'TOWNSHIP';
/** thành phố, huyện */
export type DistrictKind = 'CITY' | 'DISTRICT';
/** Decree 07/2021 applies urban thresholds to wards and townships, rural ones to communes. */
export type AreaType = 'URBAN' | 'RURAL';

export interface Province {
  readonly code: string;
  readonly name: string;
  readonly districtCodes: readonly string[];
}

export interface District {
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly kind: DistrictKind;
  readonly provinceCode: string;
  readonly communeCodes: readonly string[];
  readonly validFrom: string;
  readonly validUntil: string | null;
}

export interface Commune {
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly kind: CommuneKind;
  readonly areaType: AreaType;
  readonly districtCode: string;
  readonly provinceCode: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
}

/** Earliest version of the GSO list checked; the units existed before, the reference data does not say since when. */
const REFERENCE_VALID_FROM = '2021-07-01';
/** The 01/11/2024 GSO list no longer has these three Phan Rang-Tháp Chàm wards (merged late 2024). */
const WARDS_MERGED_2024 = new Set(['22747', '22753', '22756']);
const WARDS_MERGED_VALID_UNTIL = '2024-10-31';
/** District-level units were abolished nationally on 2025-07-01. */
const DISTRICTS_VALID_UNTIL = '2025-06-30';

const COMMUNE_KIND_BY_TYPE: Record<string, CommuneKind> = { 'Phường': 'WARD', 'Xã': 'COMMUNE', 'Thị trấn': 'TOWNSHIP' };
const DISTRICT_KIND_BY_TYPE: Record<string, DistrictKind> = { 'Thành phố': 'CITY', 'Huyện': 'DISTRICT' };

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`admin-units reference data: unknown ${what}`);
  return value;
}

export const province: Province = {
  code: raw.province.code,
  name: raw.province.name,
  districtCodes: raw.districts.map((d) => d.code),
};

export const districts: readonly District[] = raw.districts.map((d) => ({
  code: d.code,
  name: d.name,
  fullName: d.fullName,
  kind: required(DISTRICT_KIND_BY_TYPE[d.type], `district type ${d.type}`),
  provinceCode: raw.province.code,
  communeCodes: d.communes.map((c) => c.code),
  validFrom: REFERENCE_VALID_FROM,
  validUntil: DISTRICTS_VALID_UNTIL,
}));

export const communes: readonly Commune[] = raw.districts.flatMap((d) =>
  d.communes.map((c) => {
    const kind = required(COMMUNE_KIND_BY_TYPE[c.type], `commune type ${c.type}`);
    return {
      code: c.code,
      name: c.name,
      fullName: c.fullName,
      kind,
      areaType: kind === 'COMMUNE' ? 'RURAL' : 'URBAN',
      districtCode: d.code,
      provinceCode: raw.province.code,
      validFrom: REFERENCE_VALID_FROM,
      validUntil: WARDS_MERGED_2024.has(c.code) ? WARDS_MERGED_VALID_UNTIL : null,
    } satisfies Commune;
  }),
);

const communeByCode = new Map(communes.map((c) => [c.code, c]));
const districtByCode = new Map(districts.map((d) => [d.code, d]));

export const referenceDataSource = { source: raw.source, asOf: raw.asOf };

export function findProvince(code: string): Province | undefined {
  return code === province.code ? province : undefined;
}
export function findDistrict(code: string): District | undefined {
  return districtByCode.get(code);
}
export function findCommune(code: string): Commune | undefined {
  return communeByCode.get(code);
}
export function communesOfDistrict(districtCode: string): readonly Commune[] {
  return communes.filter((c) => c.districtCode === districtCode);
}

/** Unit level of a GSO code, judged by its shape only (2, 3 or 5 digits). */
export type UnitLevel = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
const LEVEL_BY_LENGTH: Record<number, UnitLevel> = { 2: 'PROVINCE', 3: 'DISTRICT', 5: 'COMMUNE' };
export function levelOfCode(code: string): UnitLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

/** Whether a unit was in force on a date (ISO YYYY-MM-DD). */
export function inForceOn(unit: { validFrom: string; validUntil: string | null }, date: string): boolean {
  return unit.validUntil === null || date <= unit.validUntil;
}

/**
 * The commune -> district -> province map as SQL `VALUES` (aliased `unit(commune_code, district_code,
 * province_code)`), so a subgraph rolls its counts up in SQL without copying reference data into its tables.
 * Codes are digits from this package, so inlining them is safe: wrap it in drizzle's sql.raw().
 */
export const UNIT_MAP_SQL = `(values ${communes.map((c) => `('${c.code}', '${c.districtCode}', '${c.provinceCode}')`).join(', ')}) as unit(commune_code, district_code, province_code)`;
