import { communes, findCommune, type AreaType, type Commune } from '@ntg/admin-units';
import {
  CALIBRATED_YEARS, ETHNIC_AREA_861, ETHNIC_CODES, POOR_DISTRICT_CODE, PROVINCE_CALIBRATION, Random,
  syntheticIdNumber, syntheticPersonName,
} from '@ntg/synthetic';
import { classify, DEPRIVATIONS, standardFor, type PovertyClass, type PovertyStandard } from '../poverty/classify';

export interface SyntheticHousehold {
  id: string;
  communeCode: string;
  memberCount: number;
  headEthnicGroup: string;
  headName: string;
  headIdNumber: string;
  registeredOn: string;
  dissolvedOn: string | null;
  /** Communes the household lived in, in order; the last is its current one. */
  moves: { year: number; communeCode: string }[];
}

export interface SyntheticAssessment {
  householdId: string;
  year: number;
  communeCode: string;
  areaType: AreaType;
  minority: boolean;
  memberCount: number;
  incomePerCapitaMonthly: number;
  deprivations: string[];
  classification: PovertyClass;
  assessedOn: string;
}

export interface GeneratedPopulation {
  households: SyntheticHousehold[];
  assessments: SyntheticAssessment[];
}

/** Relative household counts by kind of unit; Bác Ái's upland communes are small. */
function baseHouseholds(c: Commune): number {
  if (c.districtCode === POOR_DISTRICT_CODE) return 900;
  return c.kind === 'WARD' ? 3800 : c.kind === 'TOWNSHIP' ? 4200 : 2700;
}

/** Share of households headed by a member of an ethnic minority. */
function minorityShare(c: Commune): number {
  if (c.districtCode === POOR_DISTRICT_CODE) return 0.92;
  const region = ETHNIC_AREA_861[c.code];
  return region === 'REGION_III' ? 0.6 : region === 'REGION_II' ? 0.45 : region === 'REGION_I' ? 0.35 : 0.04;
}

/** Which minority groups live where: Raglai in the uplands, Chăm in the lowlands of Ninh Phước and Thuận Nam. */
function minorityGroups(c: Commune): readonly (readonly [string, number])[] {
  switch (c.districtCode) {
    case '584': return [[ETHNIC_CODES.RAGLAI, 95], [ETHNIC_CODES.CO_HO, 5]];
    case '585': return [[ETHNIC_CODES.RAGLAI, 70], [ETHNIC_CODES.CO_HO, 30]];
    case '587': case '589': return [[ETHNIC_CODES.CHAM, 75], [ETHNIC_CODES.RAGLAI, 25]];
    case '582': return [[ETHNIC_CODES.CHAM, 60], [ETHNIC_CODES.HOA, 40]];
    default: return [[ETHNIC_CODES.RAGLAI, 60], [ETHNIC_CODES.CHAM, 40]];
  }
}

/** Relative poverty propensity of a commune: towns least, the poor district most. */
function povertyWeight(c: Commune): number {
  if (c.districtCode === POOR_DISTRICT_CODE) return 6;
  if (c.areaType === 'URBAN') return 0.3;
  return ETHNIC_AREA_861[c.code] === 'REGION_III' ? 2.2 : 1;
}
const MINORITY_POVERTY_FACTOR = 3.2;

interface Member {
  household: SyntheticHousehold;
  latent: number;
  weight: number;
  minority: boolean;
  communeByYear: Map<number, Commune>;
}

/** Solves for the factor f with sum(min(cap, f * w)) = target, so the expected count hits the published rate. */
function solveFactor(weights: number[], target: number, cap = 0.92): number {
  let lo = 0;
  let hi = 1;
  const expected = (f: number) => weights.reduce((s, w) => s + Math.min(cap, f * w), 0);
  while (expected(hi) < target && hi < 1e6) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function dateIn(random: Random, year: number, fromMonth: number, toMonth: number): string {
  return `${year}-${pad(random.int(fromMonth, toMonth), 2)}-${pad(random.int(1, 28), 2)}`;
}

export function incomeFor(random: Random, cls: PovertyClass, standard: PovertyStandard): number {
  const round = (v: number) => Math.round(v / 1000) * 1000;
  switch (cls) {
    case 'POOR':
    case 'NEAR_POOR':
      return round(standard.incomeLine * (0.35 + 0.65 * random.next()));
    case 'AVERAGE_LIVING':
      return round(standard.incomeLine + 1000 + (standard.averageLivingCeiling - standard.incomeLine - 1000) * random.next());
    case 'ABOVE_AVERAGE':
      return round(standard.averageLivingCeiling * (1.05 + 3 * random.next()));
  }
}

export function deprivationsFor(random: Random, cls: PovertyClass, standard: PovertyStandard): string[] {
  const count = cls === 'POOR' ? random.int(standard.minDeprivationsForPoor, 6) : cls === 'NEAR_POOR' ? random.int(0, standard.minDeprivationsForPoor - 1) : random.int(0, 2);
  const pool = [...DEPRIVATIONS];
  const picked: string[] = [];
  for (let i = 0; i < count; i++) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return picked.sort();
}

/**
 * Households and their 2022-2024 reviews for all 65 communes, calibrated to the published province rates
 * (DOMAIN.md) and deterministic for a seed and scale. Households split off, dissolve and move between
 * reviews, so the "counted where and while it existed" rule has something to bite on.
 */
export function generatePopulation(options: { seed: number; scale: number; standards: readonly PovertyStandard[] }): GeneratedPopulation {
  const { seed, scale, standards } = options;
  const root = new Random(seed).fork('dolisa-households');
  const baseTotal = communes.reduce((s, c) => s + baseHouseholds(c), 0);
  const firstYear = CALIBRATED_YEARS[0];
  const perUnit = (PROVINCE_CALIBRATION.households[firstYear] * scale) / baseTotal;

  const members: Member[] = [];
  let sequence = 0;
  const newHousehold = (random: Random, commune: Commune, registeredOn: string, firstAssessedYear: number): Member => {
    const minority = random.chance(minorityShare(commune));
    const ethnic = minority ? random.weighted(minorityGroups(commune)) : ETHNIC_CODES.KINH;
    sequence += 1;
    const household: SyntheticHousehold = {
      id: `HH-${commune.code}-${pad(sequence, 6)}`,
      communeCode: commune.code,
      memberCount: random.weighted([[1, 8], [2, 16], [3, 22], [4, 26], [5, 15], [6, 8], [7, 3], [8, 2]] as const),
      headEthnicGroup: ethnic,
      headName: syntheticPersonName(random, ethnic),
      headIdNumber: syntheticIdNumber(random),
      registeredOn,
      dissolvedOn: null,
      moves: [{ year: firstAssessedYear, communeCode: commune.code }],
    };
    return {
      household,
      latent: random.next(),
      weight: povertyWeight(commune) * (minority ? MINORITY_POVERTY_FACTOR : 1),
      minority,
      communeByYear: new Map(),
    };
  };

  for (const commune of communes) {
    const random = root.fork(`commune-${commune.code}`);
    const count = Math.max(1, Math.round(baseHouseholds(commune) * perUnit));
    for (let i = 0; i < count; i++) members.push(newHousehold(random, commune, dateIn(random, random.int(1995, 2021), 1, 12), firstYear));
  }

  const assessments: SyntheticAssessment[] = [];
  const dynamics = root.fork('dynamics');
  for (const year of CALIBRATED_YEARS) {
    if (year !== firstYear) {
      // Between reviews: some households dissolve, some move within their district, new ones split off.
      const alive = members.filter((m) => m.household.dissolvedOn === null);
      for (const m of alive) {
        if (dynamics.chance(0.005)) m.household.dissolvedOn = dateIn(dynamics, year, 1, 6);
        else if (dynamics.chance(0.003)) {
          const current = m.household.moves.at(-1)!.communeCode;
          const from = findCommune(current)!;
          const options = communes.filter((c) => c.districtCode === from.districtCode && c.code !== current);
          if (options.length > 0) m.household.moves.push({ year, communeCode: dynamics.pick(options).code });
        }
      }
      const growth = Math.round(alive.length * 0.012);
      for (let i = 0; i < growth; i++) {
        const parent = dynamics.pick(alive);
        const commune = findCommune(parent.household.moves.at(-1)!.communeCode)!;
        const child = newHousehold(dynamics, commune, dateIn(dynamics, year, 1, 8), year);
        child.latent = Math.min(0.999, Math.max(0, parent.latent + (dynamics.next() - 0.5) * 0.2));
        members.push(child);
      }
    }
    const reviewed = members.filter((m) => m.household.dissolvedOn === null && m.household.moves[0]!.year <= year);
    // Where each household lived at this review: its last move up to the year.
    const reviewedIn = reviewed.map((m) => findCommune([...m.household.moves].reverse().find((mv) => mv.year <= year)!.communeCode)!);
    const inPoorDistrict = reviewedIn.map((c) => c.districtCode === POOR_DISTRICT_CODE);
    // Two factors: one puts the poor district on its own path, the other brings the province to its rate.
    const poorDistrictWeights = reviewed.filter((_, i) => inPoorDistrict[i]).map((m) => m.weight);
    const poorDistrictTarget = PROVINCE_CALIBRATION.poorDistrictPoorRate[year] * poorDistrictWeights.length;
    const poorDistrictFactor = solveFactor(poorDistrictWeights, poorDistrictTarget);
    const restTarget = PROVINCE_CALIBRATION.poorRate[year] * reviewed.length - poorDistrictTarget;
    const restFactor = solveFactor(reviewed.filter((_, i) => !inPoorDistrict[i]).map((m) => m.weight), restTarget);
    const nearTarget = PROVINCE_CALIBRATION.nearPoorRate[year] * reviewed.length;
    const nearWeights = reviewed.map((m) => Math.sqrt(m.weight));
    const nearFactor = solveFactor(nearWeights, nearTarget, 0.5);
    const random = root.fork(`review-${year}`);
    reviewed.forEach((m, i) => {
      const commune = reviewedIn[i]!;
      const communeCode = commune.code;
      const standard = standardFor(standards, year, commune.areaType);
      if (!standard) throw new Error(`no poverty standard for ${year} ${commune.areaType}`);
      const pPoor = Math.min(0.92, (inPoorDistrict[i] ? poorDistrictFactor : restFactor) * m.weight);
      const pNear = Math.min(0.5, nearFactor * nearWeights[i]!);
      // Multiplicative jitter: households move a little between reviews without biasing the low rates of towns.
      const score = Math.min(0.999, m.latent * (0.9 + 0.2 * random.next()));
      const intended: PovertyClass = score < pPoor ? 'POOR' : score < pPoor + pNear ? 'NEAR_POOR' : random.chance(0.35) ? 'AVERAGE_LIVING' : 'ABOVE_AVERAGE';
      const incomePerCapitaMonthly = incomeFor(random, intended, standard);
      const deprivations = deprivationsFor(random, intended, standard);
      assessments.push({
        householdId: m.household.id,
        year,
        communeCode,
        areaType: commune.areaType,
        minority: m.minority,
        memberCount: m.household.memberCount,
        incomePerCapitaMonthly,
        deprivations,
        // The server's classifier decides, exactly as for a real review.
        classification: classify({ incomePerCapitaMonthly, deprivationCount: deprivations.length }, standard),
        assessedOn: dateIn(random, year, 9, 11),
      });
    });
  }
  for (const m of members) m.household.communeCode = m.household.moves.at(-1)!.communeCode;
  return { households: members.map((m) => m.household), assessments };
}
