import { count, sql } from 'drizzle-orm';
import { bulkInsert, withConstraintsDeferred, type Database, type Db } from '@ntg/db';
import type { SeedOptions } from '@ntg/subgraph-kit';
import { households, povertyStandards } from '../db/schema';
import type { PovertyStandard } from '../poverty/classify';
import { districts, type AreaType } from '@ntg/admin-units';
import { generatePopulation, type SyntheticHousehold } from './households';
import { seedProgramme } from './models';

/** Writes the synthetic population when the registry is empty; every row is flagged synthetic. */
export async function seedDolisa(database: Database, options: SeedOptions): Promise<Record<string, number>> {
  const { db } = database;
  const [existing] = await db.select({ n: count() }).from(households);
  if ((existing?.n ?? 0) > 0) return {};

  const standardRows = await db.select().from(povertyStandards);
  const standards: (PovertyStandard & { id: number })[] = standardRows.map((s) => ({ ...s, areaType: s.areaType as AreaType }));
  const population = generatePopulation({ ...options, standards });
  const programme = seedProgramme(population, { seed: options.seed, standards });
  const standardId = (year: number, areaType: string) =>
    standards.find((s) => s.areaType === areaType && s.fromYear <= year && year <= s.toYear)!.id;

  await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await withConstraintsDeferred(tx, ['dolisa.households', 'dolisa.household_versions', 'dolisa.poverty_assessments'], async () => {
    // Households that never changed get their single REGISTERED version built in SQL from their own row
    // (no JSON round trip for 99% of them); the few that moved or dissolved get their history from here.
    const changed = population.households.filter((h) => h.moves.length > 1 || h.dissolvedOn !== null);
    const versions = changed.flatMap((h) => historyOf(h));
    const versionCount = new Map<string, number>();
    const groupOf = new Map(population.households.map((h) => [h.id, h.headEthnicGroup]));
    for (const v of versions) versionCount.set(v.household_id, v.version);
    // The two large tables load with COPY; the rollup triggers then aggregate each COPY statement once.
    await database.copyRows(tx, 'dolisa.households',
      ['id', 'commune_code', 'member_count', 'head_ethnic_group', 'head_name', 'head_id_number', 'registered_on', 'dissolved_on', 'synthetic', 'version'],
      population.households.map((h) => [
        h.id, h.communeCode, h.memberCount, h.headEthnicGroup, h.headName, h.headIdNumber, h.registeredOn, h.dissolvedOn, true, versionCount.get(h.id) ?? 1,
      ]));
    await bulkInsert(tx, 'dolisa.household_versions', {
      household_id: 'text', version: 'int', change: 'text', snapshot: 'jsonb', changed_by: 'text',
    }, versions);
    await tx.execute(sql`
      insert into dolisa.household_versions (household_id, version, change, snapshot, changed_by)
      select h.id, 1, 'REGISTERED', jsonb_build_object(
        'memberCount', h.member_count, 'headEthnicGroup', h.head_ethnic_group, 'headName', h.head_name,
        'headIdNumber', h.head_id_number, 'registeredOn', h.registered_on, 'synthetic', h.synthetic,
        'communeCode', h.commune_code, 'dissolvedOn', h.dissolved_on), 'synthetic-seed'
      from dolisa.households h
      where not exists (select 1 from dolisa.household_versions v where v.household_id = h.id)`);
    await database.copyRows(tx, 'dolisa.poverty_assessments',
      ['household_id', 'year', 'commune_code', 'area_type', 'minority', 'head_ethnic_group', 'member_count', 'income_per_capita_monthly',
        'deprivations', 'classification', 'standard_id', 'assessed_on', 'synthetic', 'recorded_by'],
      population.assessments.map((a) => [
        a.householdId, a.year, a.communeCode, a.areaType, a.minority, groupOf.get(a.householdId) ?? null, a.memberCount, a.incomePerCapitaMonthly,
        a.deprivations, a.classification, standardId(a.year, a.areaType), a.assessedOn, true, 'synthetic-seed',
      ]));
    });
    await bulkInsert(tx, 'dolisa.livelihood_models', {
      id: 'text', commune_code: 'text', name: 'text', sector: 'text', status: 'text', start_date: 'date', end_date: 'date',
      planned_budget: 'bigint', synthetic: 'boolean', version: 'int',
    }, programme.models.map((m) => ({
      id: m.id, commune_code: m.communeCode, name: m.name, sector: m.sector, status: m.status, start_date: m.startDate,
      end_date: m.endDate, planned_budget: m.plannedBudget, synthetic: true, version: programme.events.filter((e) => e.modelId === m.id).length,
    })));
    await bulkInsert(tx, 'dolisa.model_events', { model_id: 'text', from_status: 'text', to_status: 'text', effective_on: 'date', note: 'text', recorded_by: 'text' },
      programme.events.map((e) => ({ model_id: e.modelId, from_status: e.fromStatus, to_status: e.toStatus, effective_on: e.effectiveOn, note: e.note, recorded_by: 'synthetic-seed' })));
    await bulkInsert(tx, 'dolisa.model_participants', { model_id: 'text', household_id: 'text', enrolled_on: 'date', class_at_joining: 'text', synthetic: 'boolean', recorded_by: 'text' },
      programme.participants.map((p) => ({ model_id: p.modelId, household_id: p.householdId, enrolled_on: p.enrolledOn, class_at_joining: p.classAtJoining, synthetic: true, recorded_by: 'synthetic-seed' })));
    await bulkInsert(tx, 'dolisa.model_evaluations', { model_id: 'text', evaluated_on: 'date', rating: 'text', lessons: 'text', replicable: 'boolean', synthetic: 'boolean', recorded_by: 'text' },
      programme.evaluations.map((e) => ({ model_id: e.modelId, evaluated_on: e.evaluatedOn, rating: e.rating, lessons: e.lessons, replicable: e.replicable, synthetic: true, recorded_by: 'synthetic-seed' })));
    await seedDistrictPlans(tx);
  });
  return {
    households: population.households.length, assessments: population.assessments.length,
    livelihoodModels: programme.models.length, participants: programme.participants.length,
  };
}

/** The provincial plan that the demo districts' implementation plans detail. */
export const PROVINCIAL_PLAN = '249/KHPH-UBND-MTTQ';
/** Bác Ái, the poor district of Decision 353/QĐ-TTg: its plan carries T5's 4-5 pp instead of T3's 1.5-2. */
export const POOR_DISTRICT = '584';

/** Demo code of a district's implementation plan of the provincial plan. */
export const districtPlanCode = (districtCode: string) => `${PROVINCIAL_PLAN}/${districtCode}`;

/**
 * Each district details the provincial plan into its own implementation plan, with the provincial targets measured
 * on the district's own figures: T1 its communes, T2 its participants, and its poor rate (T3's 1.5-2 pp, or T5's 4-5
 * pp in Bác Ái). Invented documents, so flagged synthetic; a real plan is rows of the same tables.
 */
async function seedDistrictPlans(tx: Db) {
  for (const district of districts) {
    const code = districtPlanCode(district.code);
    await tx.execute(sql`insert into dolisa.plans (code, title, issued_on, from_year, to_year, parent_code, district_code, synthetic)
      values (${code}, ${`Kế hoạch thực hiện 249/KHPH-UBND-MTTQ, ${district.name} (synthetic)`}, '2023-04-20', 2023, 2025, ${PROVINCIAL_PLAN}, ${district.code}, true)
      on conflict (code) do nothing`);
    const rate = district.code === POOR_DISTRICT
      ? { id: 'T5', scope: 'POOR_DISTRICT', min: -5.0, max: -4.0, text: `The poor-household rate of ${district.name} falls 4-5 percentage points every year` }
      : { id: 'T3', scope: 'DISTRICT', min: -2.0, max: -1.5, text: `The poor-household rate of ${district.name} falls 1.5-2.0 percentage points every year` };
    for (const year of [2023, 2024, 2025]) {
      await tx.execute(sql`insert into dolisa.plan_targets (plan_code, target_id, metric, scope, unit_code, measure, year, min, max, description) values
        (${code}, 'T1', 'COMMUNES_WITH_EFFECTIVE_MODEL', 'DISTRICT_COMMUNES', ${district.code}, 'FRACTION', ${year}, 1.0, null,
          ${`Every commune of ${district.name} runs at least one effective livelihood model`}),
        (${code}, 'T2', 'PARTICIPANTS_ESCAPED_POVERTY', 'MODEL_PARTICIPANTS', ${district.code}, 'FRACTION', ${year}, 1.0, null,
          ${`Every household taking part in a model in ${district.name} leaves poverty sustainably when the model ends`}),
        (${code}, ${rate.id}, 'POOR_RATE_CHANGE', ${rate.scope}, ${district.code}, 'PP', ${year}, ${rate.min}, ${rate.max}, ${rate.text})
        on conflict do nothing`);
    }
  }
}

/** The household's history as the registry would have recorded it: registered, then each move, then dissolution. */
function historyOf(h: SyntheticHousehold) {
  const base = {
    memberCount: h.memberCount, headEthnicGroup: h.headEthnicGroup, headName: h.headName,
    headIdNumber: h.headIdNumber, registeredOn: h.registeredOn, synthetic: true,
  };
  const rows = h.moves.map((move, i) => ({
    household_id: h.id,
    version: i + 1,
    change: i === 0 ? 'REGISTERED' : 'MOVED',
    snapshot: { ...base, communeCode: move.communeCode, dissolvedOn: null as string | null },
    changed_by: 'synthetic-seed',
  }));
  if (h.dissolvedOn) {
    rows.push({ household_id: h.id, version: rows.length + 1, change: 'DISSOLVED', snapshot: { ...base, communeCode: h.communeCode, dissolvedOn: h.dissolvedOn }, changed_by: 'synthetic-seed' });
  }
  return rows;
}
