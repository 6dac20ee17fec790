/**
 * The monthly report to the Chairman as tables: what queries/monthly-report.graphql answered, arranged into one row
 * per district (7) and one row per target (T1-T5). Every number is copied from the answer, never recomputed from
 * other sources: counts over lists (models by status, consensus flags) are counted from the lists the answer holds.
 */

/** The answer of queries/monthly-report.graphql (the fields the report reads). */
export interface MonthlyReportAnswer {
  monthlyProgress: {
    month: string;
    plan: { code: string; title: string; minorityTargets: TargetAnswer[] | null };
    targets: TargetAnswer[];
    province: Counts;
    districts: { district: { code: string }; counts: Counts }[];
  };
  province: {
    name: string;
    povertyStats: Poverty;
    fundingSummary: Funding | null;
    agricultureSupport: Support | null;
    minorityIndicators: Minority | null;
    districts: {
      code: string;
      name: string;
      povertyStats: Poverty;
      livelihoodModels: { id: string; status: string; outcome: { participants: number; escapedPoverty: number }; consensusFlag: string | null }[];
      fundingSummary: Funding | null;
      agricultureSupport: Support | null;
      minorityIndicators: Minority | null;
    }[];
  };
  openRecommendations: { totalCount: number } | null;
  overdueRecommendations: { totalCount: number } | null;
}

interface Counts { householdsAssessed: number; modelsStarted: number; modelsCompleted: number; modelsActive: number; participantsEnrolled: number }
interface Poverty { households: number; poor: number; poorRate: number | null; poorRateChangePp: number | null }
interface Funding { approved: number; disbursed: number; flagCounts: { code: string; count: number }[] }
interface Support { supportEvents: number; offtakeCoverage: number | null }
interface Minority { minorityHouseholds: number; minorityPoor: number; minorityPoorRate: number | null; minorityPoorRateChangePp?: number | null }
interface TargetAnswer {
  id: string; description: string; measure: string; target: { min: number | null; max: number | null };
  actual: number | null; status: string; basis: string | null; coverage?: number | null;
}

export const MODEL_STATUSES = ['PROPOSED', 'APPROVED', 'ACTIVE', 'COMPLETED', 'SUSPENDED'] as const;

export interface DistrictRow {
  code: string;
  name: string;
  /** Households reviewed in the month's year, and in the month itself. */
  householdsAssessed: number;
  householdsAssessedInMonth: number;
  poorRate: number | null;
  models: Record<(typeof MODEL_STATUSES)[number], number>;
  participants: number;
  escaped: number;
  fundingApproved: number | null;
  fundingDisbursed: number | null;
  fundingFlags: number | null;
  supportEvents: number | null;
  offtakeCoverage: number | null;
  minorityHouseholds: number | null;
  minorityPoorRate: number | null;
  consensusFlags: number;
}

export interface TargetRow {
  id: string;
  description: string;
  measure: string;
  min: number | null;
  max: number | null;
  actual: number | null;
  coverage: number | null;
  status: string;
  basis: string;
}

export interface MonthlyReport {
  month: string;
  year: number;
  planCode: string;
  planTitle: string;
  provinceName: string;
  districts: DistrictRow[];
  targets: TargetRow[];
  province: {
    householdsAssessed: number;
    poorRate: number | null;
    poorRateChangePp: number | null;
    fundingApproved: number | null;
    fundingDisbursed: number | null;
    fundingFlags: { code: string; count: number }[];
    supportEvents: number | null;
    offtakeCoverage: number | null;
    minorityPoorRate: number | null;
    openRecommendations: number | null;
    overdueRecommendations: number | null;
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function buildMonthlyReport(answer: MonthlyReportAnswer): MonthlyReport {
  const progress = answer.monthlyProgress;
  const inMonth = new Map(progress.districts.map((d) => [d.district.code, d.counts]));
  const districts = answer.province.districts.map((d): DistrictRow => {
    const models = Object.fromEntries(MODEL_STATUSES.map((s) => [s, d.livelihoodModels.filter((m) => m.status === s).length])) as DistrictRow['models'];
    return {
      code: d.code,
      name: d.name,
      householdsAssessed: d.povertyStats.households,
      householdsAssessedInMonth: inMonth.get(d.code)?.householdsAssessed ?? 0,
      poorRate: d.povertyStats.poorRate,
      models,
      participants: sum(d.livelihoodModels.map((m) => m.outcome.participants)),
      escaped: sum(d.livelihoodModels.map((m) => m.outcome.escapedPoverty)),
      fundingApproved: d.fundingSummary?.approved ?? null,
      fundingDisbursed: d.fundingSummary?.disbursed ?? null,
      fundingFlags: d.fundingSummary ? sum(d.fundingSummary.flagCounts.map((f) => f.count)) : null,
      supportEvents: d.agricultureSupport?.supportEvents ?? null,
      offtakeCoverage: d.agricultureSupport?.offtakeCoverage ?? null,
      minorityHouseholds: d.minorityIndicators?.minorityHouseholds ?? null,
      minorityPoorRate: d.minorityIndicators?.minorityPoorRate ?? null,
      consensusFlags: d.livelihoodModels.filter((m) => m.consensusFlag !== null).length,
    };
  });
  const targets = [...progress.targets, ...(progress.plan.minorityTargets ?? [])]
    .map((t): TargetRow => ({
      id: t.id, description: t.description, measure: t.measure, min: t.target.min, max: t.target.max,
      actual: t.actual, coverage: t.coverage ?? null, status: t.status, basis: t.basis ?? '',
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const p = answer.province;
  return {
    month: progress.month,
    year: Number(progress.month.slice(0, 4)),
    planCode: progress.plan.code,
    planTitle: progress.plan.title,
    provinceName: p.name,
    districts,
    targets,
    province: {
      householdsAssessed: p.povertyStats.households,
      poorRate: p.povertyStats.poorRate,
      poorRateChangePp: p.povertyStats.poorRateChangePp,
      fundingApproved: p.fundingSummary?.approved ?? null,
      fundingDisbursed: p.fundingSummary?.disbursed ?? null,
      fundingFlags: p.fundingSummary?.flagCounts ?? [],
      supportEvents: p.agricultureSupport?.supportEvents ?? null,
      offtakeCoverage: p.agricultureSupport?.offtakeCoverage ?? null,
      minorityPoorRate: p.minorityIndicators?.minorityPoorRate ?? null,
      openRecommendations: answer.openRecommendations?.totalCount ?? null,
      overdueRecommendations: answer.overdueRecommendations?.totalCount ?? null,
    },
  };
}

/** The district table's columns, in order: header (Vietnamese, as the report is read) and value. */
export const DISTRICT_COLUMNS: [string, (d: DistrictRow) => string | number | null][] = [
  ['Mã huyện', (d) => d.code],
  ['Huyện/thành phố', (d) => d.name],
  ['Hộ được rà soát (năm)', (d) => d.householdsAssessed],
  ['Hộ rà soát trong tháng', (d) => d.householdsAssessedInMonth],
  ['Tỷ lệ hộ nghèo', (d) => d.poorRate],
  ...MODEL_STATUSES.map((s): [string, (d: DistrictRow) => number] => [`Mô hình ${s}`, (d) => d.models[s]]),
  ['Hộ tham gia', (d) => d.participants],
  ['Hộ thoát nghèo', (d) => d.escaped],
  ['Vốn phê duyệt (VND)', (d) => d.fundingApproved],
  ['Vốn giải ngân (VND)', (d) => d.fundingDisbursed],
  ['Cảnh báo tài chính', (d) => d.fundingFlags],
  ['Lượt hỗ trợ kỹ thuật', (d) => d.supportEvents],
  ['Tỷ lệ bao tiêu', (d) => d.offtakeCoverage],
  ['Hộ DTTS', (d) => d.minorityHouseholds],
  ['Tỷ lệ hộ nghèo DTTS', (d) => d.minorityPoorRate],
  ['Cờ đồng thuận (MTTQ)', (d) => d.consensusFlags],
];

export const TARGET_COLUMNS: [string, (t: TargetRow) => string | number | null][] = [
  ['Chỉ tiêu', (t) => t.id],
  ['Nội dung', (t) => t.description],
  ['Đơn vị đo', (t) => t.measure],
  ['Tối thiểu', (t) => t.min],
  ['Tối đa', (t) => t.max],
  ['Kết quả', (t) => t.actual],
  ['Độ phủ', (t) => t.coverage],
  ['Trạng thái', (t) => t.status],
  ['Cách tính', (t) => t.basis],
];
