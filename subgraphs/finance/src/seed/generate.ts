import { communes } from '@ntg/admin-units';
import { ETHNIC_AREA_861, plannedModels, Random, SYNTHETIC_MARKER, type PlannedModel } from '@ntg/synthetic';
import type { AmendAllocationInput, FundingGuidanceInput, FundingItem } from '../generated/types';

/** The demo data is "as of" the end of 2024, like the shared scenario's model statuses: nothing is paid later. */
export const AS_OF = '2024-12-31';
export const AS_OF_YEAR = 2024;
/** The 2021-2025 phase of the national target programmes: no allocation is planned beyond it. */
export const LAST_PROGRAMME_YEAR = 2025;

/**
 * The published province totals the seed is calibrated to (DOMAIN.md, "Funding sources to integrate"): the national
 * target programme for sustainable poverty reduction had 167.29 billion VND in Ninh Thuận in 2023 and 192.7 billion
 * in 2024. The seed's approved allocations from that programme (Project 2, the livelihood models' money, plus
 * NTP-GN-KHAC, its other projects) add up to exactly these figures each year: the models' Project 2 money comes from
 * their planned budgets, and the rest of each year's figure is the other projects' money, split over the communes
 * that run a model (weighted towards the Decision 861 ethnic-minority areas). The ethnic-minority programme's 404.47
 * billion (2023) is not used: its 2024 figure is not published, and most of it funds infrastructure outside the
 * livelihood models. 2025 has no published figure, so its money is the models' alone.
 */
export const CALIBRATION: Readonly<Record<number, number>> = { 2023: 167_290_000_000, 2024: 192_700_000_000 };
export const CALIBRATED_SOURCES = ['NTP-GN-P2', 'NTP-GN-KHAC'] as const;

/** The livelihood-model money; every model-year has some of it. */
const MAIN_SOURCE = 'NTP-GN-P2';
/** The programme's other projects (the calibration's remainder). */
const PROGRAMME_SOURCE = 'NTP-GN-KHAC';
/** The For-the-Poor fund, enterprise sponsorship, the participants' own contribution. */
const TOP_UP_SOURCES = ['VNN', 'XHH-DN', 'DOI-UNG'] as const;
const TOP_UP_ITEMS: readonly FundingItem[] = ['TRAINING', 'INPUTS', 'EQUIPMENT', 'MARKET_ACCESS'];
const PROGRAMME_ITEMS: readonly FundingItem[] = ['VOCATIONAL_TRAINING', 'HOUSING', 'MANAGEMENT'];

/** What a model's main allocation buys, by the model's sector. */
const MAIN_ITEM: Record<PlannedModel['sector'], FundingItem> = {
  LIVESTOCK: 'BREED_LIVESTOCK', AQUACULTURE: 'BREED_LIVESTOCK', CROPS: 'SEED', FORESTRY: 'SEED', HANDICRAFT: 'EQUIPMENT', SERVICES: 'EQUIPMENT',
};

/** A flag's demo case is labelled in its allocation's note, so a dashboard (and a reader) can tell it is staged. */
export const demoLabel = (code: string, what: string) => `Demo case: ${code}, ${what} ${SYNTHETIC_MARKER}`;

export interface PlannedAllocation {
  id: string;
  sourceCode: string;
  modelId: string | null;
  communeCode: string;
  householdId: string | null;
  item: FundingItem;
  year: number;
  approved: number;
  note: string | null;
}

export interface PlannedPayment {
  allocationId: string;
  amount: number;
  on: string;
  reference: string | null;
}

/** Everything Finance's demo data says, in the order the services write it. */
export interface FundingPlan {
  allocations: PlannedAllocation[];
  amendments: { id: string; input: AmendAllocationInput; reason: string }[];
  cancellations: { id: string; reason: string }[];
  disbursements: PlannedPayment[];
  settlements: PlannedPayment[];
  guidance: FundingGuidanceInput[];
  /** DOLISA's households the plan names (see demoHouseholds). */
  households: string[];
  /** Which model carries which labelled flag case. */
  cases: Record<'OVERLAP' | 'OVER_DISBURSED' | 'UNSETTLED' | 'FRAGMENTED' | 'OVER_PLAN', string[]>;
}

const THOUSAND = 1000;
/** Below this a model-year's budget is split between two sources only. */
const SMALL_YEAR_BUDGET = 60_000_000;
/** What a carved-from allocation keeps at least: more than FRAGMENTED's "small" (flag_rules), with room to spare. */
const MIN_REMAINING = 20_000_000;
const roundDown = (vnd: number) => Math.floor(vnd / THOUSAND) * THOUSAND;
const between = (random: Random, min: number, max: number) => min + (max - min) * random.next();

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dayBetween(random: Random, from: string, to: string): string {
  const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  return shiftDays(from, random.int(0, span));
}

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
export function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => roundDown((total * w) / sum));
  parts[0]! += total - parts.reduce((s, p) => s + p, 0);
  return parts;
}

/**
 * Households of DOLISA's demo registry that the plan names. Finance cannot read DOLISA's registry at seed time (the
 * gateway is not up, and its tables are not Finance's), so it names the first households DOLISA's generator registers:
 * ids run `HH-<commune>-<sequence>` from the first commune of the GSO list, which has far more than these at any
 * scale. test/finance.test.ts checks through the gateway that they exist.
 */
export function demoHouseholds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `HH-${communes[0]!.code}-${String(i + 1).padStart(6, '0')}`);
}

/** What a model-year allocation has paid out by the as-of date, as a share of its approved amount. */
function disbursedShare(random: Random, model: PlannedModel, year: number): number {
  if (year > AS_OF_YEAR) return 0;
  if (model.status === 'SUSPENDED') return between(random, 0.3, 0.7);
  if (model.status === 'COMPLETED' || year < AS_OF_YEAR) return random.chance(0.6) ? 1 : between(random, 0.85, 1);
  return between(random, 0.6, 0.95);
}

class PlanBuilder {
  readonly plan: FundingPlan = {
    allocations: [], amendments: [], cancellations: [], disbursements: [], settlements: [], guidance: [], households: [],
    cases: { OVERLAP: [], OVER_DISBURSED: [], UNSETTLED: [], FRAGMENTED: [], OVER_PLAN: [] },
  };
  private sequence = new Map<string, number>();

  constructor(private readonly random: Random) {}

  allocate(a: Omit<PlannedAllocation, 'id'>, key: string): PlannedAllocation {
    const n = (this.sequence.get(key) ?? 0) + 1;
    this.sequence.set(key, n);
    const allocation = { ...a, id: `AL-${key}-${String(n).padStart(2, '0')}` };
    this.plan.allocations.push(allocation);
    return allocation;
  }

  /** Pays `amount` out in 1-3 dated payments between `from` and `to`. */
  pay(allocation: PlannedAllocation, amount: number, from: string, to: string, reference: string | null = null): void {
    if (amount <= 0) return;
    const count = amount < 3 * 1_000_000 ? 1 : this.random.int(1, 3);
    const parts = split(amount, Array.from({ length: count }, () => between(this.random, 0.5, 1.5))).filter((p) => p > 0);
    const dates = parts.map(() => dayBetween(this.random, from, to)).sort();
    parts.forEach((p, i) => this.plan.disbursements.push({ allocationId: allocation.id, amount: p, on: dates[i]!, reference: reference ?? `UNC-${allocation.year}-${this.plan.disbursements.length + 1}` }));
  }

  settle(allocation: PlannedAllocation, amount: number, on: string): void {
    if (amount <= 0) return;
    this.plan.settlements.push({ allocationId: allocation.id, amount, on, reference: `QT-${on.slice(0, 4)}-${this.plan.settlements.length + 1}` });
  }
}

interface ModelYear {
  model: PlannedModel;
  year: number;
  main: PlannedAllocation;
  all: PlannedAllocation[];
}

/** The months of `year` the model ran by the as-of date, as a date range for its payments. */
function paymentWindow(model: PlannedModel, year: number): [string, string] {
  const from = model.startDate > `${year}-01-01` ? model.startDate : `${year}-01-01`;
  const end = [model.endDate, `${year}-12-31`, AS_OF].sort()[0]!;
  return [from, end < from ? from : end];
}

/**
 * Finance's part of the shared demo programme, deterministic for a seed: per planned model and programme year, 2-4
 * allocations from different sources whose approved amounts add up to the model's planned budget, paid out and
 * settled in dated records; the programme's other money up to the published totals; a few labelled cases of each
 * flag; an amendment, a cancellation; the plan's guidance. The services write it (src/seed/index.ts).
 */
export function generateFundingPlan(seed: number): FundingPlan {
  const root = new Random(seed).fork('finance');
  const builder = new PlanBuilder(root.fork('payments'));
  const models = plannedModels(seed);
  const modelYears: ModelYear[] = [];

  for (const model of models) {
    const random = root.fork(`allocations-${model.id}`);
    const months = monthsByYear(model);
    const years = [...months.keys()];
    const budgets = split(model.plannedBudget, years.map((y) => months.get(y)!));
    years.forEach((year, i) => {
      const topUps = [...TOP_UP_SOURCES];
      // A short year's small budget goes to two allocations only, so no demo model is FRAGMENTED by accident.
      const sourceCount = budgets[i]! < SMALL_YEAR_BUDGET ? 2 : random.weighted([[2, 45], [3, 40], [4, 15]] as const);
      const sources = [MAIN_SOURCE, ...Array.from({ length: sourceCount - 1 }, () => topUps.splice(random.int(0, topUps.length - 1), 1)[0]!)];
      const mainShare = between(random, 0.55, 0.8);
      const topUpWeights = sources.slice(1).map(() => between(random, 0.5, 1.5));
      const topUpTotal = topUpWeights.reduce((s, w) => s + w, 0);
      const approved = split(budgets[i]!, [mainShare, ...topUpWeights.map((w) => ((1 - mainShare) * w) / topUpTotal)]);
      const all = sources.map((sourceCode, j) => builder.allocate({
        sourceCode, modelId: model.id, communeCode: model.communeCode, householdId: null,
        item: j === 0 ? MAIN_ITEM[model.sector] : random.pick(TOP_UP_ITEMS), year, approved: approved[j]!, note: null,
      }, `${model.id}-${year}`));
      modelYears.push({ model, year, main: all[0]!, all });
    });
  }

  const cases = root.fork('flag-cases');
  const used = new Set<string>();
  const pick = (eligible: (m: PlannedModel) => boolean): PlannedModel | undefined => {
    const candidates = models.filter((m) => !used.has(m.id) && eligible(m));
    if (candidates.length === 0) return undefined;
    const model = cases.pick(candidates);
    used.add(model.id);
    return model;
  };
  const yearsOf = (model: PlannedModel) => modelYears.filter((my) => my.model === model);
  /**
   * The year a demo case carves `need` VND from: the model's richest year up to the as-of year (dashboards look
   * there), or its richest year of all when no earlier one has enough.
   */
  const largestYear = (model: PlannedModel, need: number) => {
    const richest = (years: ModelYear[]) => years.reduce((a, b) => (b.main.approved > a.main.approved ? b : a));
    const past = yearsOf(model).filter((my) => my.year <= AS_OF_YEAR);
    const best = past.length > 0 ? richest(past) : undefined;
    return best && best.main.approved >= need + MIN_REMAINING ? best : richest(yearsOf(model));
  };
  const original = new Set(modelYears.flatMap((my) => my.all));
  /**
   * Moves `amount` out of a model-year's largest original allocation into a new one, so the model's total stays its
   * planned budget (and no OVER_PLAN appears by accident).
   */
  const carve = (my: ModelYear, amount: number, a: Pick<PlannedAllocation, 'sourceCode' | 'householdId' | 'item' | 'note'>) => {
    const from = my.all.filter((x) => original.has(x)).reduce((x, y) => (y.approved > x.approved ? y : x));
    if (from.approved - amount < MIN_REMAINING) throw new Error(`seed: ${from.id} (${from.approved} VND) cannot give ${amount} VND to a demo case`);
    from.approved -= amount;
    const allocation = builder.allocate({ ...a, modelId: my.model.id, communeCode: my.model.communeCode, year: my.year, approved: amount }, `${my.model.id}-${my.year}`);
    my.all.push(allocation);
    return allocation;
  };

  // OVERLAP: households of the first commune (the demo households DOLISA's registry is known to hold) given the
  // model's main item twice in one year, from Project 2 and from the For-the-Poor fund; a few more households once.
  const households = demoHouseholds(5);
  builder.plan.households = households;
  const firstCommune = communes[0]!.code;
  const overlapModel = models.find((m) => m.communeCode === firstCommune && monthsByYear(m).size > 0);
  if (overlapModel) used.add(overlapModel.id);
  const overlapYear = overlapModel ? largestYear(overlapModel, 8 * 14_000_000) : undefined;
  households.forEach((householdId, i) => {
    const twice = i < 3;
    if (overlapModel && overlapYear) {
      // Each household's money stays above FRAGMENTED's "small", so this model shows OVERLAP alone.
      const my = overlapYear;
      const item = MAIN_ITEM[overlapModel.sector];
      carve(my, roundDown(between(cases, 10.5, 14) * 1_000_000), { sourceCode: MAIN_SOURCE, householdId, item, note: twice ? demoLabel('OVERLAP', 'first of two') : `Household support ${SYNTHETIC_MARKER}` });
      if (twice) carve(my, roundDown(between(cases, 10.5, 14) * 1_000_000), { sourceCode: 'VNN', householdId, item, note: demoLabel('OVERLAP', 'second of two') });
    } else if (twice) {
      // No model in the first commune under this seed: the case sits on programme money outside any model.
      for (const sourceCode of ['NS-HUYEN', 'VNN']) {
        builder.allocate({
          sourceCode, modelId: null, communeCode: firstCommune, householdId, item: 'BREED_LIVESTOCK', year: AS_OF_YEAR,
          approved: roundDown(between(cases, 8, 15) * 1_000_000), note: demoLabel('OVERLAP', sourceCode),
        }, `${firstCommune}-${AS_OF_YEAR}`);
      }
    }
  });
  if (overlapModel) builder.plan.cases.OVERLAP.push(overlapModel.id);

  // FRAGMENTED: four small allocations in one model-year from several sources, carved out of its main allocation.
  for (let n = 0; n < 3; n++) {
    const model = pick((m) => m.status !== 'SUSPENDED');
    if (!model) break;
    const my = largestYear(model, 4 * 9_000_000);
    ['VNN', 'XHH-DN', 'DOI-UNG', 'NS-HUYEN'].forEach((sourceCode, i) => carve(my, roundDown(between(cases, 4, 9) * 1_000_000), {
      sourceCode, householdId: null, item: i % 2 === 0 ? 'TRAINING' : 'INPUTS', note: demoLabel('FRAGMENTED', `small allocation ${i + 1} of 4`),
    }));
    builder.plan.cases.FRAGMENTED.push(model.id);
  }

  // OVER_PLAN: a provincial top-up beyond the planned budget, on models still running (DOLISA may revise their budget).
  for (let n = 0; n < 3; n++) {
    const model = pick((m) => m.status === 'ACTIVE');
    if (!model) break;
    const my = yearsOf(model).at(-1)!;
    const extra = builder.allocate({
      sourceCode: 'NS-TINH', modelId: model.id, communeCode: model.communeCode, householdId: null, item: 'EQUIPMENT', year: my.year,
      approved: roundDown(model.plannedBudget * between(cases, 0.05, 0.15)), note: demoLabel('OVER_PLAN', 'provincial top-up above the planned budget'),
    }, `${model.id}-${my.year}`);
    my.all.push(extra);
    builder.plan.cases.OVER_PLAN.push(model.id);
  }

  // OVER_DISBURSED and UNSETTLED are about payments: marked here, paid below.
  const overDisbursed = new Set<PlannedAllocation>();
  for (let n = 0; n < 3; n++) {
    const model = pick((m) => m.status !== 'SUSPENDED' && yearsOf(m).some((my) => my.year <= AS_OF_YEAR));
    if (!model) break;
    const my = yearsOf(model).find((y) => y.year <= AS_OF_YEAR)!;
    my.main.note = demoLabel('OVER_DISBURSED', 'paid beyond the approved amount');
    overDisbursed.add(my.main);
    builder.plan.cases.OVER_DISBURSED.push(model.id);
  }
  const unsettled = new Set<string>();
  for (let n = 0; n < 3; n++) {
    const model = pick((m) => m.status === 'COMPLETED');
    if (!model) break;
    yearsOf(model).at(-1)!.main.note = demoLabel('UNSETTLED', 'completed, part of the money never settled');
    unsettled.add(model.id);
    builder.plan.cases.UNSETTLED.push(model.id);
  }

  // Payments and settlements of the models' money, dated inside the months each model ran.
  for (const my of modelYears) {
    const { model, year } = my;
    const [from, to] = paymentWindow(model, year);
    for (const allocation of my.all) {
      const random = root.fork(`payments-${allocation.id}`);
      let disbursed = roundDown(allocation.approved * disbursedShare(random, model, year));
      if (overDisbursed.has(allocation)) disbursed = roundDown(allocation.approved * between(random, 1.02, 1.08));
      builder.pay(allocation, disbursed, from, to);
      if (disbursed === 0) continue;
      if (model.status === 'COMPLETED') {
        // Settled within the weeks after the model ended (or after the year, for its earlier years) ...
        const due = year === Number(model.endDate.slice(0, 4)) ? model.endDate : `${year}-12-31`;
        const share = unsettled.has(model.id) && year === Number(model.endDate.slice(0, 4)) ? between(random, 0.5, 0.8) : 1;
        builder.settle(allocation, roundDown(disbursed * share), shiftDays(due, random.int(20, 80)));
      } else if (model.status === 'ACTIVE' && year < AS_OF_YEAR) {
        // ... and a running model's earlier years in the first quarter after them.
        builder.settle(allocation, roundDown(disbursed * between(random, 0.7, 1)), dayBetween(random, `${year + 1}-01-15`, `${year + 1}-03-31`));
      }
    }
  }

  // History the dashboards can show: an amendment with its reason, and a duplicate entry cancelled before payment.
  const reclassified = modelYears.find((my) => my.all.length > 1 && !used.has(my.model.id))?.all[1];
  if (reclassified) {
    builder.plan.amendments.push({
      id: reclassified.id,
      input: { item: reclassified.item === 'TRAINING' ? 'INPUTS' : 'TRAINING', note: `Reclassified after the commune's report ${SYNTHETIC_MARKER}` },
      reason: `The commune reported what the money bought ${SYNTHETIC_MARKER}`,
    });
  }
  const duplicateOf = modelYears.find((my) => my.year === LAST_PROGRAMME_YEAR) ?? modelYears.at(-1)!;
  const duplicate = builder.allocate({
    sourceCode: 'NS-HUYEN', modelId: duplicateOf.model.id, communeCode: duplicateOf.model.communeCode, householdId: null,
    item: duplicateOf.main.item, year: duplicateOf.year, approved: duplicateOf.main.approved, note: `Entered twice ${SYNTHETIC_MARKER}`,
  }, `${duplicateOf.model.id}-${duplicateOf.year}`);
  builder.plan.cancellations.push({ id: duplicate.id, reason: `Duplicate of ${duplicateOf.main.id} ${SYNTHETIC_MARKER}` });

  // The programme's other money: up to the published totals, in the communes that run a model.
  const withModel = [...new Set(models.map((m) => m.communeCode))];
  const weightOf = (code: string) => ({ REGION_III: 3, REGION_II: 2, REGION_I: 1.5 } as const)[ETHNIC_AREA_861[code] as 'REGION_I'] ?? 1;
  const cancelled = new Set(builder.plan.cancellations.map((c) => c.id));
  for (const [yearText, total] of Object.entries(CALIBRATION)) {
    const year = Number(yearText);
    const modelMoney = builder.plan.allocations
      .filter((a) => a.year === year && !cancelled.has(a.id) && (CALIBRATED_SOURCES as readonly string[]).includes(a.sourceCode))
      .reduce((s, a) => s + a.approved, 0);
    const perCommune = split(total - modelMoney, withModel.map(weightOf));
    withModel.forEach((communeCode, i) => {
      const random = root.fork(`programme-${communeCode}-${year}`);
      const items: FundingItem[] = ['INFRASTRUCTURE', random.pick(PROGRAMME_ITEMS)];
      split(perCommune[i]!, [0.6, 0.4]).forEach((approved, j) => {
        const allocation = builder.allocate({ sourceCode: PROGRAMME_SOURCE, modelId: null, communeCode, householdId: null, item: items[j]!, year, approved, note: null }, `${communeCode}-${year}`);
        const disbursed = roundDown(approved * (year < AS_OF_YEAR ? between(random, 0.95, 1) : between(random, 0.6, 0.9)));
        builder.pay(allocation, disbursed, `${year}-03-01`, `${year}-12-15`);
        if (year < AS_OF_YEAR) builder.settle(allocation, disbursed, dayBetween(random, `${year + 1}-01-15`, `${year + 1}-03-31`));
      });
    });
  }

  // The plan's guidance (listed by a migration): the integration guidance issued, and the settlement guidance the
  // demo leaves overdue, both synthetic.
  builder.plan.guidance.push(
    { id: '249-INTEGRATION', planCode: '249/KHPH-UBND-MTTQ', issuedOn: '2023-04-25', documentNumber: `1234/HD-STC ${SYNTHETIC_MARKER}`, note: `Demo issue date and number ${SYNTHETIC_MARKER}` },
    {
      id: '249-SETTLEMENT', planCode: '249/KHPH-UBND-MTTQ', title: `Hướng dẫn quyết toán kinh phí mô hình sinh kế ${SYNTHETIC_MARKER}`,
      dueDate: '2025-06-30', note: `A demo document the plan's settlement task might call for ${SYNTHETIC_MARKER}`,
    },
  );
  return builder.plan;
}
