import { plannedModels, Random, type PlannedModel } from '@ntg/synthetic';

/** The demo data is "as of" the end of 2024, like the shared scenario's model statuses. */
export const AS_OF_YEAR = 2024;
/** The 2021-2025 phase of the national target programmes: no allocation is planned beyond it. */
export const LAST_PROGRAMME_YEAR = 2025;

/** The livelihood-model money; every allocation has some of it. */
const MAIN_SOURCE = 'NTP-GN-P2';
/** The For-the-Poor fund, enterprise sponsorship, the participants' own contribution. */
const TOP_UP_SOURCES = ['VNN', 'XHH-DN', 'DOI-UNG'] as const;

export interface SeedAllocation {
  id: string;
  sourceCode: string;
  modelId: string;
  communeCode: string;
  year: number;
  approved: number;
  disbursed: number;
  settled: number;
}

const THOUSAND = 1000;
const roundDown = (vnd: number) => Math.floor(vnd / THOUSAND) * THOUSAND;
const between = (random: Random, min: number, max: number) => min + (max - min) * random.next();

/** Months the model runs in each programme year, e.g. a March 2023 start for 18 months: 2023 → 10, 2024 → 8. */
export function monthsByYear(model: PlannedModel): Map<number, number> {
  const [startYear, startMonth] = model.startDate.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = model.endDate.split('-').map(Number) as [number, number];
  const months = new Map<number, number>();
  for (let y = startYear; y <= Math.min(endYear, LAST_PROGRAMME_YEAR); y++) {
    const from = y === startYear ? startMonth : 1;
    const to = y === endYear ? endMonth : 12;
    if (to >= from) months.set(y, to - from + 1);
  }
  return months;
}

/** Splits a whole-VND total into parts by weight, in whole thousands, the first part taking the remainder. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => roundDown((total * w) / sum));
  parts[0]! += total - parts.reduce((s, p) => s + p, 0);
  return parts;
}

/** Share of the approved amount paid out by the end of AS_OF_YEAR; mostly at most all of it. */
function disbursedShare(random: Random, model: PlannedModel, year: number): number {
  if (year > AS_OF_YEAR) return 0;
  if (model.status === 'SUSPENDED') return between(random, 0.3, 0.7);
  if (random.chance(0.04)) return between(random, 1.01, 1.08);
  if (model.status === 'COMPLETED' || year < AS_OF_YEAR) return between(random, 0.85, 1);
  return between(random, 0.6, 0.95);
}

/** Share of the disbursed amount settled (quyết toán): completed models mostly in full, current years not yet. */
function settledShare(random: Random, model: PlannedModel, year: number): number {
  if (year > AS_OF_YEAR || model.status === 'SUSPENDED') return 0;
  if (model.status === 'COMPLETED') return random.chance(0.8) ? 1 : between(random, 0.6, 0.95);
  return year < AS_OF_YEAR ? between(random, 0.7, 1) : 0;
}

function allocationsFor(random: Random, model: PlannedModel): SeedAllocation[] {
  const months = monthsByYear(model);
  const years = [...months.keys()];
  const budgets = split(model.plannedBudget, years.map((y) => months.get(y)!));
  return years.flatMap((year, i) => {
    const topUps = [...TOP_UP_SOURCES];
    const sourceCount = random.weighted([[2, 45], [3, 40], [4, 15]] as const);
    const sources = [MAIN_SOURCE, ...Array.from({ length: sourceCount - 1 }, () => topUps.splice(random.int(0, topUps.length - 1), 1)[0]!)];
    const mainShare = between(random, 0.55, 0.8);
    const topUpWeights = sources.slice(1).map(() => between(random, 0.5, 1.5));
    const topUpTotal = topUpWeights.reduce((s, w) => s + w, 0);
    const approved = split(budgets[i]!, [mainShare, ...topUpWeights.map((w) => ((1 - mainShare) * w) / topUpTotal)]);
    return sources.map((sourceCode, j) => {
      const disbursed = roundDown(approved[j]! * disbursedShare(random, model, year));
      const settled = Math.min(disbursed, roundDown(disbursed * settledShare(random, model, year)));
      return {
        id: `AL-${model.id}-${year}-${String(j + 1).padStart(2, '0')}`,
        sourceCode,
        modelId: model.id,
        communeCode: model.communeCode,
        year,
        approved: approved[j]!,
        disbursed,
        settled,
      };
    });
  });
}

/**
 * Finance's part of the shared demo programme: per planned model and programme year, 2–4 allocations from
 * different sources whose approved amounts add up to the model's planned budget. Deterministic for a seed.
 */
export function generateAllocations(seed: number): SeedAllocation[] {
  const root = new Random(seed).fork('finance');
  return plannedModels(seed).flatMap((model) => allocationsFor(root.fork(`allocations-${model.id}`), model));
}
