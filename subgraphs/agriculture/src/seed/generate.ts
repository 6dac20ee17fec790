import { findDistrict, findCommune } from '@ntg/admin-units';
import { plannedModels, Random, SYNTHETIC_MARKER, type ModelSector, type PlannedModel } from '@ntg/synthetic';
import type { OfftakeStatus, PartnerKind, TechnicalSupportKind } from '../generated/types';
import { addDays, daysBetween, minDate } from '../dates';

/** The demo data is "as of" the end of 2024, like the shared scenario's model statuses. */
export const AS_OF = '2024-12-31';

export interface SeedSupport {
  id: string;
  modelId: string;
  communeCode: string;
  kind: TechnicalSupportKind;
  supportDate: string;
  provider: string;
  techniqueCode: string | null;
  householdsReached: number;
  cost: number | null;
}

export interface SeedPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  /** Synthetic: the "99" prefix is no province's, so no real organisation's code is reused. */
  taxCode: string;
  communeCodes: string[];
}

/** One status change of a seeded agreement after it was recorded, oldest first. */
export interface SeedStatusChange {
  status: OfftakeStatus;
  on: string;
}

export interface SeedDelivery {
  id: string;
  date: string;
  volume: number;
  pricePerUnit: number;
}

export interface SeedOfftake {
  id: string;
  modelId: string;
  communeCode: string;
  partnerId: string;
  product: string;
  volume: number;
  unit: string;
  pricePerUnit: number;
  periodStart: string;
  periodEnd: string;
  /** The status it ends in; `signedOn`, `changes` and `deliveries` are how it got there. */
  status: OfftakeStatus;
  signedOn: string | null;
  changes: SeedStatusChange[];
  deliveries: SeedDelivery[];
}

export interface AgricultureSeedData {
  partners: SeedPartner[];
  supports: SeedSupport[];
  offtakes: SeedOfftake[];
}

type PartnerTemplate = Omit<SeedPartner, 'communeCodes'>;

/** Made-up partner organisations, every name marked synthetic; the communes each serves follow from the programme. */
export const SYNTHETIC_PARTNERS: readonly PartnerTemplate[] = [
  { id: 'PT-E01', name: `Công ty TNHH Nông sản Phan Rang ${SYNTHETIC_MARKER}`, kind: 'ENTERPRISE', taxCode: '9900000101' },
  { id: 'PT-E02', name: `Công ty CP Chăn nuôi Nam Trung Bộ ${SYNTHETIC_MARKER}`, kind: 'ENTERPRISE', taxCode: '9900000102' },
  { id: 'PT-E03', name: `Công ty TNHH Thủy sản ven biển ${SYNTHETIC_MARKER}`, kind: 'ENTERPRISE', taxCode: '9900000103' },
  { id: 'PT-E04', name: `Công ty CP Du lịch cộng đồng ${SYNTHETIC_MARKER}`, kind: 'ENTERPRISE', taxCode: '9900000104' },
  { id: 'PT-E05', name: `Công ty TNHH Lâm sản miền núi ${SYNTHETIC_MARKER}`, kind: 'ENTERPRISE', taxCode: '9900000105' },
  { id: 'PT-C01', name: `HTX Nông nghiệp vùng cao ${SYNTHETIC_MARKER}`, kind: 'COOPERATIVE', taxCode: '9900000201' },
  { id: 'PT-C02', name: `HTX Nho và táo an toàn ${SYNTHETIC_MARKER}`, kind: 'COOPERATIVE', taxCode: '9900000202' },
  { id: 'PT-C03', name: `HTX Dệt thổ cẩm và gốm ${SYNTHETIC_MARKER}`, kind: 'COOPERATIVE', taxCode: '9900000203' },
  { id: 'PT-C04', name: `HTX Chăn nuôi dê cừu ${SYNTHETIC_MARKER}`, kind: 'COOPERATIVE', taxCode: '9900000204' },
  { id: 'PT-I01', name: `Viện nghiên cứu nông nghiệp vùng khô hạn ${SYNTHETIC_MARKER}`, kind: 'INSTITUTE', taxCode: '9900000301' },
  { id: 'PT-I02', name: `Trường đào tạo nghề nông nghiệp ${SYNTHETIC_MARKER}`, kind: 'INSTITUTE', taxCode: '9900000302' },
  { id: 'PT-X01', name: `Trung tâm Khuyến nông tỉnh ${SYNTHETIC_MARKER}`, kind: 'EXTENSION_CENTRE', taxCode: '9900000401-001' },
];

/** The techniques each sector's technology transfers name (codes of the reference list, drizzle/0004). */
const TECHNIQUES_BY_SECTOR: Record<ModelSector, readonly string[]> = {
  LIVESTOCK: ['IMPROVED_BREED', 'BIOSECURE_LIVESTOCK', 'FODDER_SILAGE'],
  CROPS: ['DRIP_IRRIGATION', 'VIETGAP', 'NET_HOUSE', 'BIO_ORGANIC_FERTILISER'],
  AQUACULTURE: ['BIOFLOC_AQUACULTURE', 'IMPROVED_BREED'],
  FORESTRY: ['AGROFORESTRY', 'IMPROVED_BREED'],
  HANDICRAFT: ['NATURAL_DYEING', 'POST_HARVEST'],
  SERVICES: ['POST_HARVEST'],
};

const KIND_WEIGHTS: Record<ModelSector, readonly (readonly [TechnicalSupportKind, number])[]> = {
  LIVESTOCK: [['TRAINING', 3], ['SEED_BREED_SUPPLY', 3], ['VETERINARY_SERVICE', 3], ['EXTENSION_VISIT', 2], ['TECHNOLOGY_TRANSFER', 1]],
  CROPS: [['TRAINING', 3], ['SEED_BREED_SUPPLY', 3], ['EXTENSION_VISIT', 3], ['TECHNOLOGY_TRANSFER', 2]],
  AQUACULTURE: [['TRAINING', 3], ['SEED_BREED_SUPPLY', 3], ['VETERINARY_SERVICE', 2], ['TECHNOLOGY_TRANSFER', 2], ['EXTENSION_VISIT', 1]],
  FORESTRY: [['TRAINING', 2], ['SEED_BREED_SUPPLY', 3], ['EXTENSION_VISIT', 2], ['TECHNOLOGY_TRANSFER', 1], ['VETERINARY_SERVICE', 1]],
  HANDICRAFT: [['TRAINING', 4], ['TECHNOLOGY_TRANSFER', 2]],
  SERVICES: [['TRAINING', 4], ['EXTENSION_VISIT', 1]],
};

interface Product {
  product: string;
  unit: string;
  price: readonly [number, number];
  volume: readonly [number, number];
  partners: readonly string[];
}

/** What a model's partners buy, by the model's template name; the sector decides when no name matches. */
const PRODUCTS_BY_LABEL: readonly (readonly [string, Product])[] = [
  ['Nuôi bò', { product: 'Bò thịt hơi', unit: 'kg', price: [85_000, 100_000], volume: [3_000, 15_000], partners: ['PT-E02', 'PT-C01'] }],
  ['Nuôi dê', { product: 'Dê, cừu thịt hơi', unit: 'kg', price: [110_000, 140_000], volume: [1_000, 6_000], partners: ['PT-C04', 'PT-E02'] }],
  ['Trồng nho', { product: 'Nho, táo tươi', unit: 'kg', price: [20_000, 40_000], volume: [10_000, 40_000], partners: ['PT-C02', 'PT-E01'] }],
  ['Trồng măng tây', { product: 'Măng tây xanh', unit: 'kg', price: [60_000, 90_000], volume: [2_000, 10_000], partners: ['PT-E01', 'PT-C02'] }],
];
const PRODUCTS_BY_SECTOR: Record<ModelSector, Product> = {
  LIVESTOCK: { product: 'Gia súc thịt hơi', unit: 'kg', price: [80_000, 110_000], volume: [2_000, 10_000], partners: ['PT-E02', 'PT-C01'] },
  CROPS: { product: 'Nông sản tươi', unit: 'kg', price: [15_000, 40_000], volume: [10_000, 40_000], partners: ['PT-E01', 'PT-C02'] },
  AQUACULTURE: { product: 'Tôm, cá thương phẩm', unit: 'kg', price: [90_000, 140_000], volume: [2_000, 12_000], partners: ['PT-E03'] },
  FORESTRY: { product: 'Gỗ keo nguyên liệu', unit: 'tấn', price: [1_000_000, 1_400_000], volume: [50, 400], partners: ['PT-E05', 'PT-C01'] },
  HANDICRAFT: { product: 'Sản phẩm thổ cẩm, gốm', unit: 'chiếc', price: [100_000, 350_000], volume: [300, 2_000], partners: ['PT-C03', 'PT-E04'] },
  SERVICES: { product: 'Suất dịch vụ du lịch cộng đồng', unit: 'suất', price: [150_000, 300_000], volume: [500, 3_000], partners: ['PT-E04'] },
};

function productFor(model: PlannedModel): Product {
  return PRODUCTS_BY_LABEL.find(([label]) => model.name.startsWith(label))?.[1] ?? PRODUCTS_BY_SECTOR[model.sector];
}

function providerFor(random: Random, kind: TechnicalSupportKind, model: PlannedModel): string {
  const district = findDistrict(findCommune(model.communeCode)?.districtCode ?? '')?.name ?? 'huyện';
  const institutes = SYNTHETIC_PARTNERS.filter((p) => p.kind === 'INSTITUTE').map((p) => p.name);
  const centre = SYNTHETIC_PARTNERS.find((p) => p.kind === 'EXTENSION_CENTRE')!.name;
  switch (kind) {
    case 'TRAINING': return random.pick([centre, `Trạm Khuyến nông ${district}`, ...institutes]);
    case 'TECHNOLOGY_TRANSFER': return random.pick(institutes);
    case 'SEED_BREED_SUPPLY': return random.pick(['Trung tâm Giống nông nghiệp tỉnh', centre]);
    case 'EXTENSION_VISIT': return `Trạm Khuyến nông ${district}`;
    case 'VETERINARY_SERVICE': return random.pick([`Trạm Chăn nuôi và Thú y ${district}`, 'Chi cục Chăn nuôi và Thú y tỉnh']);
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 2–6 support events per model between its start and its end (or AS_OF); the first is always a training. */
function supportsFor(random: Random, model: PlannedModel): SeedSupport[] {
  const last = minDate(model.endDate, AS_OF);
  const span = Math.max(0, daysBetween(model.startDate, last));
  const participants = random.int(15, 60);
  const count = random.int(2, 6);
  const events = Array.from({ length: count }, (_, i) => {
    const kind: TechnicalSupportKind = i === 0 ? 'TRAINING' : random.weighted(KIND_WEIGHTS[model.sector]);
    const offset = i === 0 ? random.int(0, Math.min(30, span)) : random.int(0, span);
    const techniqueCode = kind === 'TECHNOLOGY_TRANSFER' ? random.pick(TECHNIQUES_BY_SECTOR[model.sector]) : null;
    const cost = random.chance(0.6) ? random.int(5, 80) * 1_000_000 : null;
    return {
      kind, supportDate: addDays(model.startDate, offset), provider: providerFor(random, kind, model), techniqueCode,
      householdsReached: random.int(5, participants), cost,
    };
  });
  events.sort((a, b) => a.supportDate.localeCompare(b.supportDate));
  return events.map((e, i) => ({ id: `TS-${model.id}-${pad2(i + 1)}`, modelId: model.id, communeCode: model.communeCode, ...e }));
}

function statusOf(model: PlannedModel, start: string, end: string, random: Random): OfftakeStatus {
  if (model.status === 'SUSPENDED') return 'CANCELLED';
  if (end < AS_OF) return 'COMPLETED';
  if (start > AS_OF) return random.chance(0.3) ? 'NEGOTIATING' : 'SIGNED';
  return 'ACTIVE';
}

/**
 * Roughly monthly deliveries from the period's start to its end (or AS_OF), at about the agreed price, adding up
 * to 60–110% of what was due: some buyers keep up, some fall behind.
 */
function deliveriesFor(random: Random, agreementId: string, start: string, until: string, volume: number, periodDays: number, price: number): SeedDelivery[] {
  const days = daysBetween(start, until) + 1;
  if (days <= 0) return [];
  const count = Math.max(1, Math.round(days / 30));
  const target = (volume * days) / periodDays * (0.6 + random.next() * 0.5);
  const each = Math.max(1, Math.round(target / count));
  return Array.from({ length: count }, (_, i) => ({
    id: `${agreementId}-D${pad2(i + 1)}`,
    date: addDays(start, Math.min(days - 1, Math.round(((i + 0.5) * days) / count))),
    volume: each,
    pricePerUnit: Math.round((price * (0.95 + random.next() * 0.1)) / 100) * 100,
  }));
}

/** How an agreement reached its status: signed (unless negotiating), active from its start, then completed or cancelled. */
function historyOf(random: Random, agreementId: string, status: OfftakeStatus, start: string, end: string, volume: number, price: number) {
  const signedOn = status === 'NEGOTIATING' ? null : minDate(addDays(start, -random.int(5, 30)), AS_OF);
  const changes: SeedStatusChange[] = [];
  let deliveries: SeedDelivery[] = [];
  const periodDays = daysBetween(start, end) + 1;
  if (status === 'ACTIVE' || status === 'COMPLETED' || (status === 'CANCELLED' && start <= AS_OF)) {
    changes.push({ status: 'ACTIVE', on: start });
    const until = status === 'CANCELLED' ? minDate(addDays(start, random.int(30, 150)), minDate(end, AS_OF)) : minDate(end, AS_OF);
    deliveries = deliveriesFor(random, agreementId, start, status === 'CANCELLED' ? addDays(until, -1) : until, volume, periodDays, price);
    if (status === 'COMPLETED') changes.push({ status, on: end });
    if (status === 'CANCELLED') changes.push({ status, on: until });
  } else if (status === 'CANCELLED') {
    changes.push({ status, on: signedOn! });
  }
  return { signedOn, changes, deliveries };
}

/** About two models in three have a buyer; a few have two. */
function offtakesFor(random: Random, model: PlannedModel): SeedOfftake[] {
  const count = random.weighted([[0, 35], [1, 55], [2, 10]] as const);
  const product = productFor(model);
  const agreements: SeedOfftake[] = [];
  for (let i = 0; i < count; i++) {
    const start = addDays(model.startDate, random.int(30, 180));
    const end = minDate(addDays(start, random.pick([180, 365, 540])), model.endDate < start ? start : model.endDate);
    const [minPrice, maxPrice] = product.price;
    const [minVolume, maxVolume] = product.volume;
    const id = `OA-${model.id}-${pad2(i + 1)}`;
    const volume = random.int(minVolume, maxVolume);
    const pricePerUnit = random.int(minPrice / 1000, maxPrice / 1000) * 1000;
    const status = statusOf(model, start, end, random);
    agreements.push({
      id,
      modelId: model.id,
      communeCode: model.communeCode,
      partnerId: product.partners[i % product.partners.length]!,
      product: product.product,
      volume,
      unit: product.unit,
      pricePerUnit,
      periodStart: start,
      periodEnd: end,
      status,
      ...historyOf(random, id, status, start, end, volume, pricePerUnit),
    });
  }
  return agreements;
}

/** Agriculture's part of the shared demo programme: deterministic for a seed, only for the planned model ids. */
export function generateAgricultureSeed(seed: number): AgricultureSeedData {
  const root = new Random(seed).fork('agriculture');
  const supports: SeedSupport[] = [];
  const offtakes: SeedOfftake[] = [];
  for (const model of plannedModels(seed)) {
    supports.push(...supportsFor(root.fork(`supports-${model.id}`), model));
    offtakes.push(...offtakesFor(root.fork(`offtake-${model.id}`), model));
  }
  // Buyers serve the communes they buy from; institutes and the extension centre serve every commune with a model.
  const everywhere = [...new Set(supports.map((s) => s.communeCode))].sort();
  const partners = SYNTHETIC_PARTNERS.map((p) => ({
    ...p,
    communeCodes: p.kind === 'INSTITUTE' || p.kind === 'EXTENSION_CENTRE'
      ? everywhere
      : [...new Set(offtakes.filter((o) => o.partnerId === p.id).map((o) => o.communeCode))].sort(),
  })).filter((p) => p.communeCodes.length > 0);
  return { partners, supports, offtakes };
}
