import { and, desc, eq, lte } from 'drizzle-orm';
import { badUserInput, check, checkText, checkVersion, conflict, lockRow, notFound, type WriteScope } from '@ntg/subgraph-kit';
import { households, livelihoodModels, modelBudgetRevisions, modelEvaluations, modelEvents, modelParticipants, povertyAssessments } from '../db/schema';
import type {
  EvaluationInput, LivelihoodModelStatus, MutationEnrollHouseholdArgs, MutationReviseModelBudgetArgs, MutationWithdrawHouseholdArgs,
  ProposeLivelihoodModelInput,
} from '../generated/types';
import { checkCommune } from '../households/service';
import type { EvaluationRow, ModelRow, ParticipationRow } from './loaders';

/** The model life cycle: which action moves a model from which states to which. */
export const TRANSITIONS = {
  approve: { from: ['PROPOSED'], to: 'APPROVED' },
  start: { from: ['APPROVED', 'SUSPENDED'], to: 'ACTIVE' },
  complete: { from: ['ACTIVE'], to: 'COMPLETED' },
  suspend: { from: ['PROPOSED', 'APPROVED', 'ACTIVE'], to: 'SUSPENDED' },
} as const satisfies Record<string, { from: readonly LivelihoodModelStatus[]; to: LivelihoodModelStatus }>;
export type ModelAction = keyof typeof TRANSITIONS;

const MAX_BUDGET = 100_000_000_000;

export function lockModel(scope: WriteScope, id: string, field = 'id'): Promise<ModelRow> {
  return lockRow(scope.tx, livelihoodModels, livelihoodModels.id, id, 'livelihood model', field);
}

export interface TransitionArgs {
  id: string;
  on: string;
  note?: string | null;
}

/** Moves a model along its life cycle; an action that does not apply to its state is a CONFLICT. */
export async function transitionModel(scope: WriteScope, action: ModelAction, args: TransitionArgs): Promise<ModelRow> {
  const rule = TRANSITIONS[action];
  checkText(args.note, 'note', { max: 1000, required: action === 'suspend' });
  check(args.on <= scope.today, 'on cannot be in the future', 'on');
  const { tx } = scope;
  const model = await lockModel(scope, args.id);
  if (!(rule.from as readonly string[]).includes(model.status)) {
    throw conflict(`Cannot ${action} a model that is ${model.status}: ${action} applies to ${rule.from.join(' or ')} models`, 'id');
  }
  const [last] = await tx.select().from(modelEvents).where(eq(modelEvents.modelId, model.id)).orderBy(desc(modelEvents.effectiveOn)).limit(1);
  check(!last || args.on >= last.effectiveOn, `on must not be before the model's last change (${last?.effectiveOn})`, 'on');
  const dates = action === 'complete' ? { endDate: args.on } : action === 'start' && model.status === 'APPROVED' ? { startDate: args.on } : {};
  if (action === 'complete') check(args.on >= model.startDate, 'a model cannot complete before it started', 'on');
  const [updated] = await tx.update(livelihoodModels)
    .set({ status: rule.to, ...dates, version: model.version + 1, updatedAt: new Date() })
    .where(eq(livelihoodModels.id, model.id)).returning();
  await tx.insert(modelEvents).values({ modelId: model.id, fromStatus: model.status, toStatus: rule.to, effectiveOn: args.on, note: args.note ?? null, recordedBy: scope.actor });
  await scope.audit({ entity: 'LivelihoodModel', entityKey: model.id, before: model, after: updated });
  return updated!;
}

/**
 * A replication (nhân rộng) copies a model that proved itself: its latest evaluation must mark it replicable. The
 * source row is locked (shared) so an evaluation recorded meanwhile is seen before or after, never half-way.
 */
async function replicableSource(scope: WriteScope, id: string): Promise<string> {
  const field = 'input.replicatedFromId';
  const [source] = await scope.tx.select().from(livelihoodModels).where(eq(livelihoodModels.id, id)).for('share');
  if (!source) throw badUserInput(`No livelihood model with id "${id}" to replicate`, field);
  const [latest] = await scope.tx.select().from(modelEvaluations).where(eq(modelEvaluations.modelId, id))
    .orderBy(desc(modelEvaluations.evaluatedOn), desc(modelEvaluations.id)).limit(1);
  if (!latest) throw conflict(`Model "${id}" has not been evaluated: only a model whose evaluation marks it replicable can be replicated`, field);
  if (!latest.replicable) {
    throw conflict(`Model "${id}" is not marked replicable by its latest evaluation (${latest.evaluatedOn}, rated ${latest.rating})`, field);
  }
  return source.id;
}

/** Proposes a livelihood model for a commune (status PROPOSED). */
export async function proposeModel(scope: WriteScope, input: ProposeLivelihoodModelInput): Promise<ModelRow> {
  checkCommune(input.communeCode, 'input.communeCode');
  checkText(input.name, 'input.name', { max: 200 });
  checkText(input.description, 'input.description', { max: 4000, required: false });
  check(input.endDate > input.startDate, 'endDate must be after startDate', 'input.endDate');
  check(input.plannedBudget > 0 && input.plannedBudget <= MAX_BUDGET, `plannedBudget must be between 1 and ${MAX_BUDGET} VND`, 'input.plannedBudget');
  check(input.proposedOn <= scope.today, 'proposedOn cannot be in the future', 'input.proposedOn');
  const replicatedFromId = input.replicatedFromId == null ? null : await replicableSource(scope, input.replicatedFromId);
  const id = `LM-${input.communeCode}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  const [model] = await scope.tx.insert(livelihoodModels).values({
    id, communeCode: input.communeCode, name: input.name.trim(), sector: input.sector, status: 'PROPOSED',
    description: input.description ?? null, startDate: input.startDate, endDate: input.endDate, plannedBudget: input.plannedBudget,
    replicatedFromId,
  }).returning();
  await scope.tx.insert(modelEvents).values({ modelId: id, fromStatus: null, toStatus: 'PROPOSED', effectiveOn: input.proposedOn, recordedBy: scope.actor });
  await scope.audit({ entity: 'LivelihoodModel', entityKey: id, before: null, after: model });
  return model!;
}

/** Enrols a household of the model's commune; each household once per model. */
export async function enrollHousehold(scope: WriteScope, args: MutationEnrollHouseholdArgs): Promise<ParticipationRow> {
  check(args.enrolledOn <= scope.today, 'enrolledOn cannot be in the future', 'enrolledOn');
  const { tx } = scope;
  const model = await lockModel(scope, args.modelId, 'modelId');
  if (model.status !== 'APPROVED' && model.status !== 'ACTIVE') {
    throw conflict(`Households join APPROVED or ACTIVE models; this one is ${model.status}`, 'modelId');
  }
  const [household] = await tx.select().from(households).where(eq(households.id, args.householdId));
  if (!household) throw notFound(`No household with id "${args.householdId}"`, 'householdId');
  check(household.dissolvedOn === null, 'a dissolved household cannot join a model', 'householdId');
  check(household.communeCode === model.communeCode, `only households of commune ${model.communeCode} can join this model`, 'householdId');
  const [already] = await tx.select().from(modelParticipants)
    .where(and(eq(modelParticipants.modelId, model.id), eq(modelParticipants.householdId, household.id)));
  if (already) throw conflict(`Household "${household.id}" is already enrolled in this model (since ${already.enrolledOn})`, 'householdId');
  // Where the household started: its latest review done by the day it joined.
  const [baseline] = await tx.select({ classification: povertyAssessments.classification }).from(povertyAssessments)
    .where(and(eq(povertyAssessments.householdId, household.id), eq(povertyAssessments.isCurrent, true), lte(povertyAssessments.assessedOn, args.enrolledOn)))
    .orderBy(desc(povertyAssessments.year)).limit(1);
  const [row] = await tx.insert(modelParticipants).values({
    modelId: model.id, householdId: household.id, enrolledOn: args.enrolledOn, classAtJoining: baseline?.classification ?? null, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Participation', entityKey: `${model.id}/${household.id}`, before: null, after: row });
  return row!;
}

/** Ends a household's participation; the record stays. */
export async function withdrawHousehold(scope: WriteScope, args: MutationWithdrawHouseholdArgs): Promise<ParticipationRow> {
  checkText(args.reason, 'reason', { max: 500 });
  check(args.withdrawnOn <= scope.today, 'withdrawnOn cannot be in the future', 'withdrawnOn');
  const { tx } = scope;
  const [row] = await tx.select().from(modelParticipants)
    .where(and(eq(modelParticipants.modelId, args.modelId), eq(modelParticipants.householdId, args.householdId))).for('update');
  if (!row) throw notFound(`Household "${args.householdId}" is not enrolled in model "${args.modelId}"`, 'householdId');
  if (row.withdrawnOn) throw conflict(`Household "${args.householdId}" already withdrew on ${row.withdrawnOn}`, 'householdId');
  check(args.withdrawnOn >= row.enrolledOn, 'withdrawnOn is before the household enrolled', 'withdrawnOn');
  const [updated] = await tx.update(modelParticipants).set({ withdrawnOn: args.withdrawnOn, withdrawalReason: args.reason })
    .where(eq(modelParticipants.id, row.id)).returning();
  await scope.audit({ entity: 'Participation', entityKey: `${args.modelId}/${args.householdId}`, before: row, after: updated });
  return updated!;
}

/** Records an evaluation (sơ kết, đánh giá); the latest is the model's evaluation, earlier ones stay. */
export async function evaluateModel(scope: WriteScope, input: EvaluationInput): Promise<EvaluationRow> {
  checkText(input.lessons, 'input.lessons', { max: 4000, required: false });
  check(input.evaluatedOn <= scope.today, 'evaluatedOn cannot be in the future', 'input.evaluatedOn');
  const model = await lockModel(scope, input.modelId, 'input.modelId');
  if (model.status === 'PROPOSED' || model.status === 'APPROVED') {
    throw conflict(`A model is evaluated once it has run; this one is ${model.status}`, 'input.modelId');
  }
  check(input.evaluatedOn >= model.startDate, 'evaluatedOn is before the model started', 'input.evaluatedOn');
  const [row] = await scope.tx.insert(modelEvaluations).values({
    modelId: model.id, evaluatedOn: input.evaluatedOn, rating: input.rating, lessons: input.lessons ?? null,
    replicable: input.replicable, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'ModelEvaluation', entityKey: model.id, before: null, after: row });
  return row!;
}

/** Revises a model's planned budget; the earlier amount, the reason and who revised it are kept. */
export async function reviseModelBudget(scope: WriteScope, args: MutationReviseModelBudgetArgs): Promise<ModelRow> {
  check(args.plannedBudget > 0 && args.plannedBudget <= MAX_BUDGET, `plannedBudget must be between 1 and ${MAX_BUDGET} VND`, 'plannedBudget');
  checkText(args.reason, 'reason', { max: 500 });
  const model = await lockModel(scope, args.id);
  checkVersion(model, args.expectedVersion, `Livelihood model "${args.id}"`);
  if (model.status === 'COMPLETED') throw conflict('A completed model\'s budget is settled, not revised', 'id');
  check(args.plannedBudget !== model.plannedBudget, `plannedBudget is already ${model.plannedBudget}`, 'plannedBudget');
  const [updated] = await scope.tx.update(livelihoodModels)
    .set({ plannedBudget: args.plannedBudget, version: model.version + 1, updatedAt: new Date() })
    .where(eq(livelihoodModels.id, model.id)).returning();
  await scope.tx.insert(modelBudgetRevisions).values({
    modelId: model.id, previousBudget: model.plannedBudget, plannedBudget: args.plannedBudget, reason: args.reason.trim(), recordedBy: scope.actor,
  });
  await scope.audit({ entity: 'LivelihoodModel', entityKey: model.id, before: model, after: updated });
  return updated!;
}
