import { communes } from '@ntg/admin-units';
import { Random } from './random';
import { SYNTHETIC_MARKER } from './names';

/**
 * The demo programme every department seeds from: which commune runs which livelihood model, when.
 * Each subgraph writes only its own part (DOLISA the registry, Finance the money, Agriculture the support,
 * the Front the supervision), so the parts agree without any subgraph reading another's tables.
 */
export interface PlannedModel {
  readonly id: string;
  readonly communeCode: string;
  readonly name: string;
  readonly sector: ModelSector;
  readonly status: ModelStatus;
  readonly startDate: string;
  /** Planned or actual end. */
  readonly endDate: string;
  /** Budget plan in VND. */
  readonly plannedBudget: number;
  readonly synthetic: true;
}

/**
 * The kinds of model the demo programme draws from. Sector and status values are DOLISA's SDL enums: they are not
 * restated here as types, but inferred from this data, so each subgraph's seed is checked against its own
 * generated enum types by the compiler.
 */
const MODEL_TEMPLATES = [
  ['LIVESTOCK', 'Nuôi bò sinh sản'],
  ['LIVESTOCK', 'Nuôi dê, cừu'],
  ['CROPS', 'Trồng nho, táo an toàn'],
  ['CROPS', 'Trồng măng tây xanh'],
  ['AQUACULTURE', 'Nuôi tôm, cá lồng'],
  ['FORESTRY', 'Trồng rừng kết hợp chăn nuôi'],
  ['HANDICRAFT', 'Dệt thổ cẩm, gốm truyền thống'],
  ['SERVICES', 'Dịch vụ du lịch cộng đồng'],
] as const;

/** The sectors of the demo models. */
export type ModelSector = (typeof MODEL_TEMPLATES)[number][0];
/** The states a demo model ends the scenario in. */
export type ModelStatus = 'ACTIVE' | 'COMPLETED' | 'SUSPENDED';

/** Communes left without a model in the demo, so target T1 is not trivially met. */
function communesWithoutModel(random: Random): Set<string> {
  const codes = communes.map((c) => c.code);
  const missing = new Set<string>();
  while (missing.size < 4) missing.add(random.pick(codes));
  return missing;
}

export function plannedModels(seed: number): PlannedModel[] {
  const random = new Random(seed).fork('livelihood-models');
  const missing = communesWithoutModel(random);
  const models: PlannedModel[] = [];
  for (const commune of communes) {
    if (missing.has(commune.code)) continue;
    const [sector, label] = random.pick(MODEL_TEMPLATES);
    const startYear = random.weighted([[2023, 5], [2024, 3]] as const);
    const startMonth = random.int(2, 10);
    const durationMonths = random.pick([12, 18, 24]);
    const endYear = startYear + Math.floor((startMonth - 1 + durationMonths) / 12);
    const endMonth = ((startMonth - 1 + durationMonths) % 12) + 1;
    const endDate = `${endYear}-${String(endMonth).padStart(2, '0')}-28`;
    const status: ModelStatus = random.chance(0.05) ? 'SUSPENDED' : endDate <= '2024-12-31' ? 'COMPLETED' : 'ACTIVE';
    models.push({
      id: `LM-${commune.code}-1`,
      communeCode: commune.code,
      name: `${label} (${commune.name}) ${SYNTHETIC_MARKER}`,
      sector,
      status,
      startDate: `${startYear}-${String(startMonth).padStart(2, '0')}-01`,
      endDate,
      plannedBudget: random.int(30, 120) * 10_000_000,
      synthetic: true,
    });
  }
  return models;
}
