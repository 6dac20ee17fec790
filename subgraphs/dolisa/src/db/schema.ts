import { sql } from 'drizzle-orm';
import { auditLogTable } from '@ntg/auth';
import { enumArrayCheck, enumCheck, enumValues } from '@ntg/db/schema-helpers';
import { AreaType, Deprivation, HouseholdChange, LivelihoodModelStatus, ModelRating, ModelSector, PovertyClass } from '../generated/types';
import { type AnyPgColumn, bigint, bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** DOLISA's own Postgres schema: no other subgraph reads these tables. */
export const dolisa = pgSchema('dolisa');

/** Dated poverty standards: a new decree is a new row, not a code change. */
export const povertyStandards = dolisa.table('poverty_standards', {
  id: serial('id').primaryKey(),
  decree: text('decree').notNull(),
  fromYear: integer('from_year').notNull(),
  toYear: integer('to_year').notNull(),
  areaType: text('area_type', { enum: enumValues(AreaType) }).notNull(),
  incomeLine: bigint('income_line', { mode: 'number' }).notNull(),
  averageLivingCeiling: bigint('average_living_ceiling', { mode: 'number' }).notNull(),
  minDeprivationsForPoor: integer('min_deprivations_for_poor').notNull(),
}, (t) => [
  uniqueIndex('poverty_standards_span').on(t.areaType, t.fromYear),
  enumCheck('poverty_standards_area_type', t.areaType, enumValues(AreaType)),
]);

export const households = dolisa.table('households', {
  id: text('id').primaryKey(),
  communeCode: text('commune_code').notNull(),
  memberCount: integer('member_count').notNull(),
  /** GSO ethnic code of the head; the Ethnic Committee owns the EthnicGroup entity. */
  headEthnicGroup: text('head_ethnic_group').notNull(),
  /** Personal data. */
  headName: text('head_name').notNull(),
  /** Personal data. */
  headIdNumber: text('head_id_number'),
  registeredOn: date('registered_on', { mode: 'string' }).notNull(),
  dissolvedOn: date('dissolved_on', { mode: 'string' }),
  synthetic: boolean('synthetic').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('households_commune').on(t.communeCode, t.id)]);

/** Append-only history of every household change: nothing is overwritten without a trace. */
export const householdVersions = dolisa.table('household_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  version: integer('version').notNull(),
  change: text('change', { enum: enumValues(HouseholdChange) }).notNull(),
  snapshot: jsonb('snapshot').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  changedBy: text('changed_by'),
}, (t) => [
  uniqueIndex('household_versions_version').on(t.householdId, t.version),
  enumCheck('household_versions_change', t.change, enumValues(HouseholdChange)),
]);

/**
 * One row per assessment version. The commune, area type and minority flag are recorded as they were at the
 * review, so a household that later moves is still counted where it lived that year.
 */
export const povertyAssessments = dolisa.table('poverty_assessments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: text('household_id').notNull().references(() => households.id),
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  areaType: text('area_type', { enum: enumValues(AreaType) }).notNull(),
  /** Whether the head counted as an ethnic minority when the review was recorded (kept as recorded). */
  minority: boolean('minority').notNull(),
  /**
   * The head's GSO ethnic group at the review. Statistics count minorities by the Ethnic Committee's current list
   * (@ntg/ethnic-groups) from this code; a trigger fills it from the household when an insert leaves it out.
   */
  headEthnicGroup: text('head_ethnic_group').notNull(),
  memberCount: integer('member_count').notNull(),
  incomePerCapitaMonthly: bigint('income_per_capita_monthly', { mode: 'number' }).notNull(),
  deprivations: text('deprivations', { enum: enumValues(Deprivation) }).array().notNull(),
  classification: text('classification', { enum: enumValues(PovertyClass) }).notNull(),
  standardId: integer('standard_id').notNull().references(() => povertyStandards.id),
  assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  /** False once a correction replaced this version; the old row stays. */
  isCurrent: boolean('is_current').notNull().default(true),
  /** Why this version replaced the previous one (corrections only). */
  correctionReason: text('correction_reason'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  uniqueIndex('poverty_assessments_one_current').on(t.householdId, t.year).where(sql`${t.isCurrent}`),
  index('poverty_assessments_stats').on(t.year, t.communeCode, t.classification).where(sql`${t.isCurrent}`),
  // monthlyProgress counts a month's reviews: it reads that month's rows, not every review of the province.
  index('poverty_assessments_assessed_on').on(t.assessedOn).where(sql`${t.isCurrent}`),
  // A household's first review after a date (model outcomes: the review after the model's end). Without it the
  // planner walked the assessed_on index above for the LIMIT 1 and filtered by household: refreshing 61 models'
  // outcomes took 53 s at 1x (seed and import), 15 ms with it.
  index('poverty_assessments_household_assessed_on').on(t.householdId, t.assessedOn).where(sql`${t.isCurrent}`),
  enumCheck('poverty_assessments_area_type', t.areaType, enumValues(AreaType)),
  enumCheck('poverty_assessments_classification', t.classification, enumValues(PovertyClass)),
  enumArrayCheck('poverty_assessments_deprivations', t.deprivations, enumValues(Deprivation)),
]);

/**
 * Current reviews counted per year, commune, area type, head's ethnic group and class: kept exact by statement
 * triggers on poverty_assessments (any insert, correction or delete, in the same transaction), so statistics of
 * any unit read rows of this size, never the reviews themselves. Rows may hold zero after corrections.
 */
export const povertyRollup = dolisa.table('poverty_rollup', {
  year: integer('year').notNull(),
  communeCode: text('commune_code').notNull(),
  areaType: text('area_type', { enum: enumValues(AreaType) }).notNull(),
  headEthnicGroup: text('head_ethnic_group').notNull(),
  classification: text('classification', { enum: enumValues(PovertyClass) }).notNull(),
  households: integer('households').notNull(),
  synthetic: integer('synthetic').notNull(),
}, (t) => [primaryKey({ columns: [t.year, t.communeCode, t.areaType, t.headEthnicGroup, t.classification] })]);

/** Households on the registry (not dissolved) per commune, kept exact by statement triggers on households. */
export const registryRollup = dolisa.table('registry_rollup', {
  communeCode: text('commune_code').primaryKey(),
  households: integer('households').notNull(),
});

/** The livelihood-model registry: one row per model, its current state; transitions are kept in modelEvents. */
export const livelihoodModels = dolisa.table('livelihood_models', {
  id: text('id').primaryKey(),
  communeCode: text('commune_code').notNull(),
  name: text('name').notNull(),
  sector: text('sector', { enum: enumValues(ModelSector) }).notNull(),
  status: text('status', { enum: enumValues(LivelihoodModelStatus) }).notNull(),
  description: text('description'),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }).notNull(),
  plannedBudget: bigint('planned_budget', { mode: 'number' }).notNull(),
  /** The model this one replicates (nhân rộng), whose evaluation marked it replicable when this one was proposed. */
  replicatedFromId: text('replicated_from_id').references((): AnyPgColumn => livelihoodModels.id),
  synthetic: boolean('synthetic').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('livelihood_models_commune').on(t.communeCode),
  index('livelihood_models_replicated_from').on(t.replicatedFromId),
  enumCheck('livelihood_models_sector', t.sector, enumValues(ModelSector)),
  enumCheck('livelihood_models_status', t.status, enumValues(LivelihoodModelStatus)),
]);

/** Append-only status history: who moved a model from which state to which, when and why. */
export const modelEvents = dolisa.table('model_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  modelId: text('model_id').notNull().references(() => livelihoodModels.id),
  fromStatus: text('from_status', { enum: enumValues(LivelihoodModelStatus) }),
  toStatus: text('to_status', { enum: enumValues(LivelihoodModelStatus) }).notNull(),
  effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
  note: text('note'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  index('model_events_model').on(t.modelId, t.effectiveOn),
  enumCheck('model_events_from_status', t.fromStatus, enumValues(LivelihoodModelStatus)),
  enumCheck('model_events_to_status', t.toStatus, enumValues(LivelihoodModelStatus)),
]);

/**
 * Participation of a household in a model. The class at joining is recorded so the outcome can be judged
 * against where the household started; withdrawal ends participation without deleting it.
 */
export const modelParticipants = dolisa.table('model_participants', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  modelId: text('model_id').notNull().references(() => livelihoodModels.id),
  householdId: text('household_id').notNull().references(() => households.id),
  enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
  classAtJoining: text('class_at_joining', { enum: enumValues(PovertyClass) }),
  withdrawnOn: date('withdrawn_on', { mode: 'string' }),
  withdrawalReason: text('withdrawal_reason'),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedBy: text('recorded_by'),
}, (t) => [
  uniqueIndex('model_participants_once').on(t.modelId, t.householdId),
  index('model_participants_household').on(t.householdId),
  enumCheck('model_participants_class_at_joining', t.classAtJoining, enumValues(PovertyClass)),
]);

/** Every revision of a model's planned budget: the old and new amounts, why, and who; nothing is overwritten silently. */
export const modelBudgetRevisions = dolisa.table('model_budget_revisions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  modelId: text('model_id').notNull().references(() => livelihoodModels.id),
  previousBudget: bigint('previous_budget', { mode: 'number' }).notNull(),
  plannedBudget: bigint('planned_budget', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [index('model_budget_revisions_model').on(t.modelId, t.id)]);

/** Evaluations (sơ kết, đánh giá); the latest is the model's current evaluation, earlier ones stay. */
export const modelEvaluations = dolisa.table('model_evaluations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  modelId: text('model_id').notNull().references(() => livelihoodModels.id),
  evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
  rating: text('rating', { enum: enumValues(ModelRating) }).notNull(),
  lessons: text('lessons'),
  replicable: boolean('replicable').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  recordedBy: text('recorded_by'),
}, (t) => [
  index('model_evaluations_model').on(t.modelId, t.evaluatedOn),
  enumCheck('model_evaluations_rating', t.rating, enumValues(ModelRating)),
]);

/** FRACTION: a share in [0,1]; PP: a change of a rate in percentage points (the kit's TargetMeasure). */
const TARGET_MEASURES: ['FRACTION', 'PP'] = ['FRACTION', 'PP'];

/** Plans and their targets are data: a new plan or a revised target is a row, not a code change. */
export const plans = dolisa.table('plans', {
  code: text('code').primaryKey(),
  title: text('title').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  fromYear: integer('from_year').notNull(),
  toYear: integer('to_year').notNull(),
  /**
   * The lowest rating on the ModelRating scale at which an evaluation counts a model as effective (T1: "triển khai
   * có hiệu quả"); below it the model is rated ineffective.
   */
  effectiveRating: text('effective_rating', { enum: enumValues(ModelRating) }).notNull().default('GOOD'),
  /** The plan this one details (a district's implementation plan details the provincial plan); null for a top plan. */
  parentCode: text('parent_code').references((): AnyPgColumn => plans.code),
  /** The district whose plan this is (GSO code); null for a provincial plan. */
  districtCode: text('district_code'),
  synthetic: boolean('synthetic').notNull().default(false),
}, (t) => [
  enumCheck('plans_effective_rating', t.effectiveRating, enumValues(ModelRating)),
  index('plans_parent').on(t.parentCode),
  index('plans_district').on(t.districtCode),
]);

export const planTargets = dolisa.table('plan_targets', {
  planCode: text('plan_code').notNull().references(() => plans.code),
  targetId: text('target_id').notNull(),
  metric: text('metric').notNull(),
  scope: text('scope').notNull(),
  /** Unit code the target is measured on (province "58", district "584"). */
  unitCode: text('unit_code').notNull(),
  /** FRACTION (a share in [0,1]) or PP (change of a rate in percentage points). */
  measure: text('measure', { enum: TARGET_MEASURES }).notNull(),
  year: integer('year').notNull(),
  min: doublePrecision('min'),
  max: doublePrecision('max'),
  description: text('description').notNull(),
}, (t) => [
  primaryKey({ columns: [t.planCode, t.targetId, t.year] }),
  enumCheck('plan_targets_measure', t.measure, TARGET_MEASURES),
]);

/**
 * Monthly reports as submitted to the Chairman: the graph's answer to queries/monthly-report.graphql, stored as it was
 * (later corrections do not change it), with its hash, who submitted it and when. A resubmission of a month is the
 * next version; earlier versions stay.
 */
export const monthlyReports = dolisa.table('monthly_reports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  month: text('month').notNull(),
  version: integer('version').notNull(),
  /** The JSON answer, as text exactly as submitted (so contentHash can be checked against it). */
  snapshot: text('snapshot').notNull(),
  /** SHA-256 (hex) of the snapshot text. */
  contentHash: text('content_hash').notNull(),
  submittedBy: text('submitted_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('monthly_reports_version').on(t.month, t.version)]);

/** Append-only audit trail of DOLISA's writes and refused attempts (a trigger forbids UPDATE and DELETE). */
export const auditLog = auditLogTable(dolisa);
