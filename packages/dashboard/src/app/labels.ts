// Vietnamese labels and number formats of the dashboard. Numbers are shown the Vietnamese way (1.234,5); the
// raw value of every figure is kept in a data-value attribute beside it, so tests compare with the graph exactly.
import type {
  CommuneKind, ConsensusFlag, CommendationFlag, DistrictKind, EthnicArea, FundingFlagCode, LivelihoodModelStatus,
  ModelSector, RecommendationStatus, TargetStatus,
} from '@ntg/graph-client';

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 12345 -> "12.345". */
export function formatInt(value: number): string {
  return integer.format(value);
}

/** A share in [0, 1] as a percentage with two decimals: 0.12345 -> "12,35%"; null -> "–". */
export function formatShare(value: number | null | undefined): string {
  return value == null ? '–' : `${twoDecimals.format(value * 100)}%`;
}

/** A change in percentage points, signed: -1.5 -> "-1,50 điểm %"; null -> "–". */
export function formatPp(value: number | null | undefined): string {
  if (value == null) return '–';
  return `${value > 0 ? '+' : ''}${twoDecimals.format(value)} điểm %`;
}

/** Whole đồng: 1500000 -> "1.500.000 đ"; null -> "–". */
export function formatVnd(value: number | null | undefined): string {
  return value == null ? '–' : `${integer.format(value)} đ`;
}

export const T = {
  title: 'Giảm nghèo bền vững tỉnh Ninh Thuận',
  subtitle: 'Kế hoạch phối hợp 249/KHPH-UBND-MTTQ, giai đoạn 2023–2025 (dữ liệu minh hoạ)',
  year: 'Năm',
  tokenLabel: 'Mã truy cập (token)',
  tokenSave: 'Lưu',
  tokenClear: 'Xoá',
  tokenKept: 'đã lưu trong trình duyệt này',
  tokenMissing: 'cần mã truy cập để xem số liệu',
  tokenRejected: 'mã truy cập không hợp lệ hoặc đã hết hạn',
  loading: 'Đang tải…',
  province: 'Tỉnh',
  households: 'Số hộ',
  poor: 'Hộ nghèo',
  nearPoor: 'Hộ cận nghèo',
  minorityPoor: 'Hộ nghèo DTTS',
  poorRate: 'Tỷ lệ hộ nghèo',
  poorRateChange: 'Tăng/giảm so với năm trước',
  trend: 'Xu hướng tỷ lệ hộ nghèo',
  funding: 'Kinh phí',
  approved: 'Được duyệt',
  disbursed: 'Đã giải ngân',
  settled: 'Đã quyết toán',
  disbursementRate: 'Tỷ lệ giải ngân',
  districts: 'Huyện, thành phố',
  communes: 'Xã, phường, thị trấn',
  unit: 'Đơn vị',
  targets: 'Chỉ tiêu kế hoạch',
  target: 'Chỉ tiêu',
  wanted: 'Mục tiêu',
  actual: 'Thực hiện',
  status: 'Tình trạng',
  models: 'Mô hình sinh kế',
  noModels: 'Xã chưa có mô hình sinh kế.',
  participants: 'Hộ tham gia',
  escaped: 'Hộ thoát nghèo',
  support: 'Hỗ trợ kỹ thuật',
  supportNone: 'Chưa được hỗ trợ kỹ thuật',
  supportEvents: (n: number) => `${formatInt(n)} lượt hỗ trợ`,
  consensus: 'Đồng thuận của người dân',
  supervision: 'Giám sát của MTTQ',
  supervisionNone: 'Chưa được giám sát',
  supervisions: (n: number) => `${formatInt(n)} cuộc giám sát`,
  overdue: (n: number) => `${formatInt(n)} kiến nghị quá hạn`,
  open: (n: number) => `${formatInt(n)} kiến nghị đang chờ trả lời`,
  fundingFlags: 'Cảnh báo kinh phí',
  noFlags: 'Không có cảnh báo',
  commendation: 'Khen thưởng',
  ethnicArea: 'Vùng DTTS & miền núi',
  agriculture: 'Hỗ trợ của ngành nông nghiệp trong năm',
  reached: 'lượt hộ được hỗ trợ',
  back: 'Quay lại',
  partial: 'Một số sở, ngành chưa trả lời; số liệu của họ đang trống:',
  failed: 'Không tải được số liệu:',
  notAvailable: 'không có số liệu',
  merged: 'đã sáp nhập',
} as const;

/** The plan's targets as the Vietnamese plan words them (the graph's description, in English, is the tooltip). */
export const TARGET_TEXT: Record<string, string> = {
  T1: '100% xã, phường, thị trấn có ít nhất một mô hình sinh kế hiệu quả',
  T2: '100% hộ tham gia mô hình thoát nghèo bền vững khi mô hình kết thúc',
  T3: 'Tỷ lệ hộ nghèo toàn tỉnh giảm 1,5–2 điểm % mỗi năm',
  T4: 'Tỷ lệ hộ nghèo đồng bào DTTS giảm trên 3 điểm % mỗi năm',
  T5: 'Tỷ lệ hộ nghèo huyện nghèo Bác Ái giảm 4–5 điểm % mỗi năm',
};

export const DISTRICT_KIND: Record<DistrictKind, string> = { CITY: 'Thành phố', DISTRICT: 'Huyện' };
export const COMMUNE_KIND: Record<CommuneKind, string> = { COMMUNE: 'Xã', WARD: 'Phường', TOWNSHIP: 'Thị trấn' };

export const TARGET_STATUS: Record<TargetStatus, string> = {
  MET: 'Đạt',
  ON_TRACK: 'Đúng tiến độ',
  AT_RISK: 'Có nguy cơ không đạt',
  MISSED: 'Không đạt',
  NO_DATA: 'Chưa có số liệu',
};

export const MODEL_STATUS: Record<LivelihoodModelStatus, string> = {
  PROPOSED: 'Đề xuất',
  APPROVED: 'Đã phê duyệt',
  ACTIVE: 'Đang triển khai',
  COMPLETED: 'Hoàn thành',
  SUSPENDED: 'Tạm dừng',
};

export const SECTOR: Record<ModelSector, string> = {
  LIVESTOCK: 'Chăn nuôi',
  CROPS: 'Trồng trọt',
  AQUACULTURE: 'Nuôi trồng thủy sản',
  FORESTRY: 'Lâm nghiệp',
  HANDICRAFT: 'Thủ công',
  SERVICES: 'Dịch vụ',
};

export const FUNDING_FLAG: Record<FundingFlagCode, string> = {
  OVERLAP: 'Trùng lặp nguồn',
  OVER_DISBURSED: 'Giải ngân vượt dự toán',
  UNSETTLED: 'Chưa quyết toán',
  FRAGMENTED: 'Phân tán, manh mún',
  OVER_PLAN: 'Vượt kinh phí kế hoạch',
};

export const CONSENSUS_FLAG: Record<ConsensusFlag, string> = {
  NO_CONSULTATION: 'Chưa lấy ý kiến người dân',
  LOW_CONSENSUS: 'Đồng thuận thấp',
};

export const COMMENDATION_FLAG: Record<CommendationFlag, string> = {
  MODEL_NOT_RATED_EFFECTIVE: 'Được khen thưởng nhưng mô hình chưa được đánh giá hiệu quả',
};

export const RECOMMENDATION_STATUS: Record<RecommendationStatus, string> = {
  OPEN: 'Đang chờ trả lời',
  RESPONDED: 'Đã trả lời',
  RESOLVED: 'Đã giải quyết',
  OVERDUE: 'Quá hạn',
};

export const ETHNIC_AREA: Record<EthnicArea, string> = {
  REGION_I: 'Khu vực I',
  REGION_II: 'Khu vực II',
  REGION_III: 'Khu vực III',
  NONE: 'Không thuộc vùng DTTS & miền núi',
};
