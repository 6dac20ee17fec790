import { findCommune, findDistrict } from '@ntg/admin-units';
import { plannedModels, Random, SYNTHETIC_MARKER, type PlannedModel } from '@ntg/synthetic';

/** The demo's supervision records stop at the end of 2024 (the last full year of the demo's records). */
export const SUPERVISION_CUTOFF = '2024-12-31';

export interface SyntheticSupervision {
  id: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  communeCode: string;
  modelId: string;
  supervisedOn: string;
  subject: string;
  findings: string;
}

export interface SyntheticRecommendation {
  id: string;
  supervisionId: string;
  text: string;
  addressedTo: string;
  dueDate: string;
  /** Stored statuses only: OVERDUE is computed when read. */
  status: 'OPEN' | 'RESPONDED' | 'RESOLVED';
  response: string | null;
  respondedOn: string | null;
}

const SUBJECTS = [
  'Giám sát việc bình xét, lựa chọn hộ tham gia và sự đồng thuận của người dân',
  'Giám sát tiến độ triển khai mô hình',
  'Giám sát việc cấp phát giống, vật tư và sử dụng vốn hỗ trợ',
  'Giám sát hiệu quả mô hình và khả năng nhân rộng',
];

const FINDINGS = [
  'Mô hình triển khai đúng kế hoạch; người dân tham gia đầy đủ.',
  'Việc bình xét hộ tham gia công khai, dân chủ; còn một số hộ chưa nắm rõ quyền lợi.',
  'Giống, vật tư cấp chậm so với kế hoạch; một số hộ thiếu vốn đối ứng.',
  'Hồ sơ thanh, quyết toán chưa đầy đủ chứng từ.',
  'Đầu ra sản phẩm chưa ổn định, chưa có hợp đồng bao tiêu.',
  'Cán bộ kỹ thuật hướng dẫn thường xuyên; mô hình bước đầu có hiệu quả.',
];

const RECOMMENDATIONS = [
  'Đẩy nhanh tiến độ cấp giống, vật tư cho các hộ tham gia.',
  'Hoàn thiện hồ sơ thanh, quyết toán kinh phí hỗ trợ.',
  'Tăng cường tập huấn, chuyển giao kỹ thuật cho hộ tham gia.',
  'Kết nối doanh nghiệp, hợp tác xã bao tiêu sản phẩm.',
  'Công khai danh sách hộ tham gia và mức hỗ trợ tại nhà văn hóa thôn.',
  'Rà soát, bổ sung hộ nghèo đủ điều kiện chưa được tham gia mô hình.',
];

const RESPONSES = [
  'Đã tiếp thu và chỉ đạo khắc phục.',
  'Đã bổ sung hồ sơ theo kiến nghị.',
  'Đã phối hợp với đơn vị liên quan triển khai thực hiện.',
  'Đang triển khai, dự kiến hoàn thành trong quý tới.',
];

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addressees(model: PlannedModel): string[] {
  const commune = findCommune(model.communeCode);
  const district = commune ? findDistrict(commune.districtCode) : undefined;
  return [
    `UBND ${commune?.fullName ?? model.communeCode}`,
    `Phòng Lao động - Thương binh và Xã hội ${district?.fullName ?? ''}`.trim(),
    'Sở Nông nghiệp và Phát triển nông thôn',
    'Sở Tài chính',
  ];
}

/**
 * The Front's part of the shared demo programme: 1-3 supervisions of every planned model, within the model's
 * period and not after 2024, each with 0-3 recommendations. Deterministic per seed; every model has its own
 * random stream, so changing one model's draws leaves the others as they were.
 */
export function generateSupervisions(seed: number): { supervisions: SyntheticSupervision[]; recommendations: SyntheticRecommendation[] } {
  const root = new Random(seed).fork('front-supervisions');
  const supervisions: SyntheticSupervision[] = [];
  const recommendations: SyntheticRecommendation[] = [];
  for (const model of plannedModels(seed)) {
    const random = root.fork(model.id);
    const last = model.endDate < SUPERVISION_CUTOFF ? model.endDate : SUPERVISION_CUTOFF;
    const span = daysBetween(model.startDate, last);
    if (span < 0) continue;
    const count = Math.min(random.int(1, 3), span + 1);
    const offsets = new Set<number>();
    while (offsets.size < count) offsets.add(random.int(0, span));
    const dates = [...offsets].sort((a, b) => a - b).map((o) => addDays(model.startDate, o));
    const to = addressees(model);

    dates.forEach((supervisedOn, i) => {
      const id = `SV-${model.id}-${String(i + 1).padStart(2, '0')}`;
      supervisions.push({
        id,
        level: random.weighted([['COMMUNE', 6], ['DISTRICT', 3], ['PROVINCE', 1]] as const),
        communeCode: model.communeCode,
        modelId: model.id,
        supervisedOn,
        subject: `${SUBJECTS[Math.min(i, SUBJECTS.length - 1)]}: ${model.name} ${SYNTHETIC_MARKER}`,
        findings: random.pick(FINDINGS),
      });
      const recommendationCount = random.int(0, 3);
      for (let k = 1; k <= recommendationCount; k++) {
        const dueDate = addDays(supervisedOn, random.int(30, 90));
        const status = random.weighted([['RESOLVED', 4], ['RESPONDED', 3], ['OPEN', 3]] as const);
        const answered = status !== 'OPEN';
        recommendations.push({
          id: `RC-${model.id}-${String(i + 1).padStart(2, '0')}-${k}`,
          supervisionId: id,
          text: random.pick(RECOMMENDATIONS),
          addressedTo: random.pick(to),
          dueDate,
          status,
          response: answered ? random.pick(RESPONSES) : null,
          respondedOn: answered ? addDays(supervisedOn, random.int(7, daysBetween(supervisedOn, dueDate) + 20)) : null,
        });
      }
    });
  }
  return { supervisions, recommendations };
}
