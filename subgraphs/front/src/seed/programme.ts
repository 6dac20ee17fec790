import { communes, districts, findCommune, findDistrict, province } from '@ntg/admin-units';
import { plannedModels, Random, SYNTHETIC_MARKER, type PlannedModel } from '@ntg/synthetic';
import type {
  CommendInput, Department, FundReceiptInput, FundSpendingInput, RecommendationInput, RecordConsultationInput,
  RecordSocialCriticismInput, RecordSupervisionInput,
} from '../generated/types';

/** The demo's supervision records stop at the end of 2024 (the last full year of the demo's records). */
export const SUPERVISION_CUTOFF = '2024-12-31';

/** What the addressee does with a seeded recommendation: nothing yet, answer it, or answer it and see it resolved. */
export interface SeededFollowUp {
  response: { text: string; on: string } | null;
  resolution: { on: string; note: string | null } | null;
}

export interface SeededSupervision {
  input: RecordSupervisionInput & { recommendations: RecommendationInput[] };
  /** One per recommendation, in order. */
  followUps: SeededFollowUp[];
}

/**
 * The Front's part of the shared demo programme, as the inputs its services take: supervisions and their
 * recommendations with the answers they got, a consultation before each model's approval (a few models none, a
 * few low consensus, so the dashboard has flags to show), social criticism sessions, the For the Poor funds'
 * 2023 and 2024 campaigns and their spending on models, and commendations. Deterministic per seed.
 */
export interface FrontProgramme {
  supervisions: SeededSupervision[];
  consultations: RecordConsultationInput[];
  /** Models the seed leaves without a consultation before approval (NO_CONSULTATION), and those it gives low consensus. */
  withoutConsultation: string[];
  lowConsensus: string[];
  criticisms: RecordSocialCriticismInput[];
  receipts: FundReceiptInput[];
  spending: FundSpendingInput[];
  commendations: CommendInput[];
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

const DONORS = [
  'Công ty TNHH Nông sản Phan Rang', 'Ngân hàng thương mại chi nhánh Ninh Thuận', 'Cán bộ, công chức, viên chức',
  'Hội Doanh nhân trẻ', 'Hợp tác xã Nho Thái An', 'Nhà hảo tâm', 'Công ty Cổ phần Muối Cà Ná',
];
const IN_KIND = ['200 kg gạo', '10 con dê giống', 'Xi măng, tôn lợp sửa nhà', '2 con bò giống', 'Phân bón, giống cây trồng'];
const PURPOSES = ['Hỗ trợ con giống cho hộ tham gia mô hình', 'Hỗ trợ vật tư, phân bón', 'Hỗ trợ tập huấn kỹ thuật', 'Hỗ trợ chuồng trại'];

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const named = (name: string) => `${name} ${SYNTHETIC_MARKER}`;

/** The offices a supervision of a model can address: the commune's People's Committee, the district's DOLISA, two provincial departments. */
function addressees(model: PlannedModel): { department: Department; area: string; label: string }[] {
  const commune = findCommune(model.communeCode)!;
  const district = findDistrict(commune.districtCode)!;
  return [
    { department: 'PROVINCE', area: commune.code, label: `UBND ${commune.fullName}` },
    { department: 'DOLISA', area: district.code, label: `Phòng Lao động - Thương binh và Xã hội ${district.fullName}` },
    { department: 'AGRICULTURE', area: province.code, label: 'Sở Nông nghiệp và Phát triển nông thôn' },
    { department: 'FINANCE', area: province.code, label: 'Sở Tài chính' },
  ];
}

function supervisionsOf(model: PlannedModel, random: Random): SeededSupervision[] {
  const last = model.endDate < SUPERVISION_CUTOFF ? model.endDate : SUPERVISION_CUTOFF;
  const span = daysBetween(model.startDate, last);
  if (span < 0) return [];
  const count = Math.min(random.int(1, 3), span + 1);
  const offsets = new Set<number>();
  while (offsets.size < count) offsets.add(random.int(0, span));
  const dates = [...offsets].sort((a, b) => a - b).map((o) => addDays(model.startDate, o));
  const to = addressees(model);
  return dates.map((date, i) => {
    const recommendations: RecommendationInput[] = [];
    const followUps: SeededFollowUp[] = [];
    const level = random.weighted([['COMMUNE', 6], ['DISTRICT', 3], ['PROVINCE', 1]] as const);
    for (let k = random.int(0, 3); k > 0; k--) {
      const dueDate = addDays(date, random.int(30, 90));
      const addressee = random.pick(to);
      recommendations.push({ text: random.pick(RECOMMENDATIONS), addressee: { department: addressee.department, area: addressee.area }, addressedTo: addressee.label, dueDate });
      const status = random.weighted([['RESOLVED', 4], ['RESPONDED', 3], ['OPEN', 3]] as const);
      const answeredOn = addDays(date, random.int(7, daysBetween(date, dueDate) + 20));
      followUps.push({
        response: status === 'OPEN' ? null : { text: random.pick(RESPONSES), on: answeredOn },
        resolution: status === 'RESOLVED' ? { on: addDays(answeredOn, random.int(5, 40)), note: random.chance(0.5) ? 'Đã kiểm tra, kiến nghị được thực hiện.' : null } : null,
      });
    }
    return {
      input: {
        level, modelId: model.id, date,
        subject: `${SUBJECTS[Math.min(i, SUBJECTS.length - 1)]}: ${model.name} ${SYNTHETIC_MARKER}`,
        findings: random.pick(FINDINGS), recommendations,
      },
      followUps,
    };
  });
}

/**
 * DOLISA's seed approves each model 5-30 days before it starts and proposes it 45-90 days before: a consultation
 * 95-140 days before the start is before both, whatever DOLISA drew.
 */
function consultationOf(model: PlannedModel, random: Random, lowConsensus: boolean): RecordConsultationInput {
  const participants = random.int(25, 160);
  const agreeShare = lowConsensus ? 0.45 + random.next() * 0.2 : 0.76 + random.next() * 0.22;
  const agree = Math.round(participants * agreeShare);
  const disagree = Math.round((participants - agree) * random.next());
  return {
    modelId: model.id, date: addDays(model.startDate, -random.int(95, 140)), participants, agree, disagree,
    abstain: participants - agree - disagree,
    minutes: `Họp dân lấy ý kiến lựa chọn mô hình ${model.name} ${SYNTHETIC_MARKER}`,
  };
}

function criticismsOf(models: readonly PlannedModel[], random: Random): RecordSocialCriticismInput[] {
  const opinions = (n: number) => Array.from({ length: n }, () => {
    const stance = random.weighted([['SUPPORT', 5], ['PROPOSE_CHANGE', 4], ['OPPOSE', 1]] as const);
    return {
      by: named(random.pick(['Hội Nông dân', 'Hội Liên hiệp Phụ nữ', 'Đoàn Thanh niên', 'Hội Cựu chiến binh', 'Chuyên gia nông nghiệp', 'Đại diện người dân'])),
      stance,
      text: stance === 'SUPPORT' ? 'Thống nhất với dự thảo.' : stance === 'OPPOSE' ? 'Chưa phù hợp với điều kiện địa phương.' : 'Đề nghị bổ sung tiêu chí lựa chọn hộ tham gia và cơ chế bao tiêu sản phẩm.',
    };
  });
  const sessions: RecordSocialCriticismInput[] = [{
    unitCode: province.code, date: '2023-03-10', subject: named('Phản biện dự thảo Kế hoạch phối hợp giảm nghèo bền vững 2023-2025'),
    documentRef: 'Dự thảo Kế hoạch phối hợp 249/KHPH-UBND-MTTQ', opinions: opinions(5), outcome: 'CHANGES_PROPOSED',
    conclusion: 'Đề nghị bổ sung chỉ tiêu cho hộ dân tộc thiểu số và cơ chế giám sát của Mặt trận.',
  }];
  for (const district of districts) {
    const year = random.pick([2023, 2024]);
    sessions.push({
      unitCode: district.code, date: `${year}-0${random.int(2, 5)}-${String(random.int(10, 28))}`,
      subject: named(`Phản biện dự thảo kế hoạch giảm nghèo năm ${year} của ${district.fullName}`),
      documentRef: `Dự thảo kế hoạch giảm nghèo ${year} (${district.fullName})`, opinions: opinions(random.int(2, 4)),
      outcome: random.weighted([['ENDORSED', 3], ['CHANGES_PROPOSED', 4], ['OBJECTED', 1]] as const),
      conclusion: 'Mặt trận đã tổng hợp ý kiến gửi cơ quan soạn thảo.',
    });
  }
  for (const model of models.filter(() => random.chance(0.15))) {
    sessions.push({
      unitCode: model.communeCode, date: addDays(model.startDate, -random.int(60, 90)), subject: named(`Phản biện phương án mô hình ${model.name}`),
      modelId: model.id, opinions: opinions(random.int(2, 4)), outcome: random.weighted([['ENDORSED', 5], ['CHANGES_PROPOSED', 3]] as const),
      conclusion: 'Thống nhất phương án, đề nghị công khai danh sách hộ tham gia.',
    });
  }
  return sessions;
}

/**
 * Each fund's 2023 and 2024 campaigns (17/10-18/11) and what it spent from them on its unit's models, from
 * December to the next September: never more than the campaign raised, and always after it, so no fund is ever
 * overdrawn and every spending passes the service's check.
 */
function fundsOf(models: readonly PlannedModel[], random: Random): { receipts: FundReceiptInput[]; spending: FundSpendingInput[] } {
  const receipts: FundReceiptInput[] = [];
  const spending: FundSpendingInput[] = [];
  const units = [
    { code: province.code, donations: [3, 4] as const, scale: 40, models: models },
    ...districts.map((d) => ({ code: d.code, donations: [1, 2] as const, scale: 15, models: models.filter((m) => findCommune(m.communeCode)!.districtCode === d.code) })),
    ...communes.map((c) => ({ code: c.code, donations: [1, 2] as const, scale: 4, models: models.filter((m) => m.communeCode === c.code) })),
  ];
  for (const year of [2023, 2024]) {
    for (const unit of units) {
      let raised = 0;
      for (let k = random.int(unit.donations[0], unit.donations[1]); k > 0; k--) {
        const inKind = random.chance(0.25);
        const value = random.int(1, 10) * unit.scale * 1_000_000;
        raised += value;
        receipts.push({
          fundUnitCode: unit.code, date: addDays(`${year}-10-17`, random.int(0, 32)),
          donor: named(random.pick(DONORS)), kind: inKind ? 'IN_KIND' : 'MONEY', value, ...(inKind ? { description: random.pick(IN_KIND) } : {}),
        });
      }
      const running = unit.models.filter((m) => m.status !== 'SUSPENDED');
      let left = Math.floor(raised * (0.5 + random.next() * 0.4) / 1_000_000) * 1_000_000;
      for (let k = Math.min(random.int(1, 2), running.length); k > 0 && left > 0; k--) {
        const amount = k === 1 ? left : Math.floor(left / 2 / 1_000_000) * 1_000_000;
        if (amount <= 0) continue;
        left -= amount;
        spending.push({
          fundUnitCode: unit.code, date: addDays(`${year}-12-01`, random.int(0, 290)), amount, purpose: random.pick(PURPOSES), modelId: random.pick(running).id,
        });
      }
    }
  }
  return { receipts, spending };
}

function commendationsOf(models: readonly PlannedModel[], random: Random): CommendInput[] {
  const result: CommendInput[] = [];
  for (const model of models.filter((m) => m.status === 'COMPLETED')) {
    if (!random.chance(0.6)) continue;
    const level = random.weighted([['COMMUNE', 3], ['DISTRICT', 2], ['PROVINCE', 1]] as const);
    const commune = findCommune(model.communeCode)!;
    result.push({
      unitCode: level === 'COMMUNE' ? commune.code : level === 'DISTRICT' ? commune.districtCode : province.code,
      date: addDays(model.endDate, random.int(20, 60)), recipientKind: 'COLLECTIVE', modelId: model.id,
      recipient: named(`Tổ hợp tác mô hình ${model.name}`), reason: 'Thực hiện hiệu quả mô hình sinh kế giảm nghèo bền vững',
    });
  }
  // A few people and households of running models, commended by their commune before any evaluation.
  for (const model of models.filter((m) => m.status === 'ACTIVE' && random.chance(0.1))) {
    result.push({
      unitCode: model.communeCode, date: addDays(model.startDate, random.int(120, 240)), recipientKind: random.pick(['INDIVIDUAL', 'HOUSEHOLD'] as const),
      modelId: model.id, recipient: named(random.pick(['Hộ ông Nguyễn Văn A', 'Bà Pinăng Thị B', 'Ông Đàng Văn C'])), reason: 'Điển hình vươn lên thoát nghèo',
    });
  }
  return result;
}

export function generateFrontProgramme(seed: number): FrontProgramme {
  const root = new Random(seed).fork('front-programme');
  const models = plannedModels(seed);
  const supervisionRandom = root.fork('supervisions');
  const supervisions = models.flatMap((model) => supervisionsOf(model, supervisionRandom.fork(model.id)));

  // Flags for the dashboard: two running or finished models approved without consultation, three with low consensus.
  const flagRandom = root.fork('consensus-flags');
  const candidates = models.filter((m) => m.status !== 'SUSPENDED').map((m) => m.id);
  const picked = new Set<string>();
  while (picked.size < Math.min(5, candidates.length)) picked.add(flagRandom.pick(candidates));
  const [withoutConsultation, lowConsensus] = [[...picked].slice(0, 2), [...picked].slice(2)];
  const consultationRandom = root.fork('consultations');
  const consultations = models.filter((m) => !withoutConsultation.includes(m.id))
    .map((m) => consultationOf(m, consultationRandom.fork(m.id), lowConsensus.includes(m.id)));

  return {
    supervisions,
    consultations,
    withoutConsultation,
    lowConsensus,
    criticisms: criticismsOf(models, root.fork('criticisms')),
    ...fundsOf(models, root.fork('funds')),
    commendations: commendationsOf(models, root.fork('commendations')),
  };
}
