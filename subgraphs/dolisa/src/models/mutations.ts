import { and, desc, eq, lte } from 'drizzle-orm';
import { findCommune } from '@ntg/admin-units';
import type { Db } from '@ntg/db';
import { conflict, notFound } from '@ntg/subgraph-kit';
import type { DolisaContext } from '../context';
import { households, livelihoodModels, modelEvaluations, modelEvents, modelParticipants, povertyAssessments } from '../db/schema';
import { actor, audit, check, checkText, inTransaction, today } from '../mutation';
import type { ModelRow } from './loaders';

export type ModelStatus = 'PROPOSED' | 'APPROVED' | 'ACTIVE' | 'COMPLETED' | 'SUSPENDED';

/** The model life cycle: which action moves a model from which states to which. */
export const TRANSITIONS = {
  approve: { from: ['PROPOSED'], to: 'APPROVED' },
  start: { from: ['APPROVED', 'SUSPENDED'], to: 'ACTIVE' },
  complete: { from: ['ACTIVE'], to: 'COMPLETED' },
  suspend: { from: ['PROPOSED', 'APPROVED', 'ACTIVE'], to: 'SUSPENDED' },
} as const satisfies Record<string, { from: readonly ModelStatus[]; to: ModelStatus }>;
export type ModelAction = keyof typeof TRANSITIONS;

const SECTORS = ['LIVESTOCK', 'CROPS', 'AQUACULTURE', 'FORESTRY', 'HANDICRAFT', 'SERVICES'];
const MAX_BUDGET = 100_000_000_000;

async function lockModel(tx: Db, id: string, field = 'id'): Promise<ModelRow> {
  const [model] = await tx.select().from(livelihoodModels).where(eq(livelihoodModels.id, id)).for('update');
  if (!model) throw notFound(`No livelihood model with id "${id}"`, field);
  return model;
}

async function transition(ctx: DolisaContext, action: ModelAction, args: { id: string; on: string; note?: string | null }) {
  const rule = TRANSITIONS[action];
  checkText(args.note, 'note', { max: 1000, required: action === 'suspend' });
  check(args.on <= today(), 'on cannot be in the future', 'on');
  return inTransaction(ctx, async (tx) => {
    const model = await lockModel(tx, args.id);
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
    await tx.insert(modelEvents).values({ modelId: model.id, fromStatus: model.status, toStatus: rule.to, effectiveOn: args.on, note: args.note ?? null, recordedBy: actor(ctx) });
    await audit(tx, ctx, { operation: `${action}LivelihoodModel`, entity: 'LivelihoodModel', entityKey: model.id, before: model, after: updated });
    return updated!;
  });
}

interface ProposeInput {
  communeCode: string;
  name: string;
  sector: string;
  description?: string | null;
  startDate: string;
  endDate: string;
  plannedBudget: number;
  proposedOn: string;
}

interface EvaluationInput {
  modelId: string;
  evaluatedOn: string;
  rating: string;
  lessons?: string | null;
  replicable: boolean;
}

export const modelMutations = {
  proposeLivelihoodModel: async (_: unknown, { input }: { input: ProposeInput }, ctx: DolisaContext) => {
    check(findCommune(input.communeCode) !== undefined, `"${input.communeCode}" is not a commune of Ninh Thuận`, 'input.communeCode');
    checkText(input.name, 'input.name', { max: 200 });
    checkText(input.description, 'input.description', { max: 4000, required: false });
    check(SECTORS.includes(input.sector), 'unknown sector', 'input.sector');
    check(input.endDate > input.startDate, 'endDate must be after startDate', 'input.endDate');
    check(input.plannedBudget > 0 && input.plannedBudget <= MAX_BUDGET, `plannedBudget must be between 1 and ${MAX_BUDGET} VND`, 'input.plannedBudget');
    check(input.proposedOn <= today(), 'proposedOn cannot be in the future', 'input.proposedOn');
    return inTransaction(ctx, async (tx) => {
      const id = `LM-${input.communeCode}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
      const [model] = await tx.insert(livelihoodModels).values({
        id, communeCode: input.communeCode, name: input.name.trim(), sector: input.sector, status: 'PROPOSED',
        description: input.description ?? null, startDate: input.startDate, endDate: input.endDate, plannedBudget: input.plannedBudget,
      }).returning();
      await tx.insert(modelEvents).values({ modelId: id, fromStatus: null, toStatus: 'PROPOSED', effectiveOn: input.proposedOn, recordedBy: actor(ctx) });
      await audit(tx, ctx, { operation: 'proposeLivelihoodModel', entity: 'LivelihoodModel', entityKey: id, before: null, after: model });
      return model!;
    });
  },
  approveLivelihoodModel: (_: unknown, args: { id: string; on: string; note?: string | null }, ctx: DolisaContext) => transition(ctx, 'approve', args),
  startLivelihoodModel: (_: unknown, args: { id: string; on: string; note?: string | null }, ctx: DolisaContext) => transition(ctx, 'start', args),
  completeLivelihoodModel: (_: unknown, args: { id: string; on: string; note?: string | null }, ctx: DolisaContext) => transition(ctx, 'complete', args),
  suspendLivelihoodModel: (_: unknown, args: { id: string; on: string; note: string }, ctx: DolisaContext) => transition(ctx, 'suspend', args),

  enrollHousehold: async (_: unknown, args: { modelId: string; householdId: string; enrolledOn: string }, ctx: DolisaContext) => {
    check(args.enrolledOn <= today(), 'enrolledOn cannot be in the future', 'enrolledOn');
    return inTransaction(ctx, async (tx) => {
      const model = await lockModel(tx, args.modelId, 'modelId');
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
        modelId: model.id, householdId: household.id, enrolledOn: args.enrolledOn, classAtJoining: baseline?.classification ?? null, recordedBy: actor(ctx),
      }).returning();
      await audit(tx, ctx, { operation: 'enrollHousehold', entity: 'Participation', entityKey: `${model.id}/${household.id}`, before: null, after: row });
      return row!;
    }, `Household "${args.householdId}" is already enrolled in this model`);
  },

  withdrawHousehold: async (_: unknown, args: { modelId: string; householdId: string; withdrawnOn: string; reason: string }, ctx: DolisaContext) => {
    checkText(args.reason, 'reason', { max: 500 });
    check(args.withdrawnOn <= today(), 'withdrawnOn cannot be in the future', 'withdrawnOn');
    return inTransaction(ctx, async (tx) => {
      const [row] = await tx.select().from(modelParticipants)
        .where(and(eq(modelParticipants.modelId, args.modelId), eq(modelParticipants.householdId, args.householdId))).for('update');
      if (!row) throw notFound(`Household "${args.householdId}" is not enrolled in model "${args.modelId}"`, 'householdId');
      if (row.withdrawnOn) throw conflict(`Household "${args.householdId}" already withdrew on ${row.withdrawnOn}`, 'householdId');
      check(args.withdrawnOn >= row.enrolledOn, 'withdrawnOn is before the household enrolled', 'withdrawnOn');
      const [updated] = await tx.update(modelParticipants).set({ withdrawnOn: args.withdrawnOn, withdrawalReason: args.reason })
        .where(eq(modelParticipants.id, row.id)).returning();
      await audit(tx, ctx, { operation: 'withdrawHousehold', entity: 'Participation', entityKey: `${args.modelId}/${args.householdId}`, before: row, after: updated });
      return updated!;
    });
  },

  evaluateLivelihoodModel: async (_: unknown, { input }: { input: EvaluationInput }, ctx: DolisaContext) => {
    checkText(input.lessons, 'input.lessons', { max: 4000, required: false });
    check(['EXCELLENT', 'GOOD', 'FAIR', 'POOR'].includes(input.rating), 'unknown rating', 'input.rating');
    check(input.evaluatedOn <= today(), 'evaluatedOn cannot be in the future', 'input.evaluatedOn');
    return inTransaction(ctx, async (tx) => {
      const model = await lockModel(tx, input.modelId, 'input.modelId');
      if (model.status === 'PROPOSED' || model.status === 'APPROVED') {
        throw conflict(`A model is evaluated once it has run; this one is ${model.status}`, 'input.modelId');
      }
      check(input.evaluatedOn >= model.startDate, 'evaluatedOn is before the model started', 'input.evaluatedOn');
      const [row] = await tx.insert(modelEvaluations).values({
        modelId: model.id, evaluatedOn: input.evaluatedOn, rating: input.rating, lessons: input.lessons ?? null,
        replicable: input.replicable, recordedBy: actor(ctx),
      }).returning();
      await audit(tx, ctx, { operation: 'evaluateLivelihoodModel', entity: 'ModelEvaluation', entityKey: model.id, before: null, after: row });
      return row!;
    });
  },
};
