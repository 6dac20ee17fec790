import { eq } from 'drizzle-orm';
import { check, checkText, checkVersion, conflict, lockRow, MIN_YEAR, type WriteScope } from '@ntg/subgraph-kit';
import { technicalSupportHouseholds, technicalSupports, technicalSupportVersions } from '../db/schema';
import type { MutationCancelTechnicalSupportArgs, TechnicalSupportChange, TechnicalSupportCorrection, TechnicalSupportInput } from '../generated/types';
import type { Lookups } from '../lookups';
import type { SupportRow } from './loaders';
import { findTechnique } from './techniques';

/** At most this many households listed on one event: a village meeting, not a census. */
export const MAX_LISTED_HOUSEHOLDS = 500;
const MAX_HOUSEHOLDS_REACHED = 10_000;
const MAX_COST = 100_000_000_000;

/** An event's details as validated: what a row and a version hold. */
interface SupportDetails {
  kind: TechnicalSupportInput['kind'];
  supportDate: string;
  provider: string;
  techniqueCode: string | null;
  householdsReached: number;
  householdsListed: boolean;
  householdIds: string[];
  cost: number | null;
  note: string | null;
}

/**
 * Checks an event's details (for a record or a correction) and resolves the listed households through DOLISA:
 * every one must exist; whether it takes part in the model is a flag at read time, not a refusal here.
 */
async function checkDetails(scope: WriteScope, input: TechnicalSupportCorrection, lookups: Lookups, prefix: string): Promise<SupportDetails> {
  check(input.date <= scope.today, `date cannot be in the future (today is ${scope.today})`, `${prefix}.date`);
  check(input.date >= `${MIN_YEAR}-01-01`, `date must be in ${MIN_YEAR} or later`, `${prefix}.date`);
  checkText(input.provider, `${prefix}.provider`, { max: 200 });
  checkText(input.note, `${prefix}.note`, { max: 1000, required: false });
  if (input.cost != null) check(input.cost >= 0 && input.cost <= MAX_COST, `cost must be between 0 and ${MAX_COST} VND`, `${prefix}.cost`);

  const techniqueCode = input.techniqueCode ?? null;
  if (input.kind === 'TECHNOLOGY_TRANSFER') check(techniqueCode !== null, 'a technology transfer names the technique transferred (see `techniques`)', `${prefix}.techniqueCode`);
  if (techniqueCode !== null) {
    check((await findTechnique(scope.tx, techniqueCode)) !== null, `"${techniqueCode}" is not a technique on the department's list (see \`techniques\`)`, `${prefix}.techniqueCode`);
  }

  const ids = input.householdIds ?? null;
  let householdsReached: number;
  if (ids !== null) {
    check(ids.length > 0, 'list at least one household, or leave householdIds out and give householdsReached', `${prefix}.householdIds`);
    check(ids.length <= MAX_LISTED_HOUSEHOLDS, `at most ${MAX_LISTED_HOUSEHOLDS} households per event`, `${prefix}.householdIds`);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      checkText(id, `${prefix}.householdIds.${i}`, { max: 60 });
      check(!seen.has(id), `household "${id}" is listed twice`, `${prefix}.householdIds.${i}`);
      seen.add(id);
    });
    if (input.householdsReached != null) {
      check(input.householdsReached === ids.length, `householdsReached is counted from householdIds (${ids.length}); leave it out`, `${prefix}.householdsReached`);
    }
    householdsReached = ids.length;
  } else {
    check(input.householdsReached != null, 'give householdIds, or householdsReached when the households are not listed', `${prefix}.householdsReached`);
    householdsReached = input.householdsReached;
    check(Number.isInteger(householdsReached) && householdsReached >= 0 && householdsReached <= MAX_HOUSEHOLDS_REACHED,
      `householdsReached must be between 0 and ${MAX_HOUSEHOLDS_REACHED}`, `${prefix}.householdsReached`);
  }
  // Existence is DOLISA's to answer, read through the graph with the caller's token.
  if (ids !== null) await lookups.households(ids, `${prefix}.householdIds`);

  return {
    kind: input.kind, supportDate: input.date, provider: input.provider.trim(), techniqueCode, householdsReached,
    householdsListed: ids !== null, householdIds: ids ? [...ids].sort() : [], cost: input.cost ?? null, note: input.note?.trim() || null,
  };
}

async function listedHouseholds(scope: WriteScope, supportId: string): Promise<string[]> {
  const rows = await scope.tx.select({ id: technicalSupportHouseholds.householdId }).from(technicalSupportHouseholds)
    .where(eq(technicalSupportHouseholds.supportId, supportId)).orderBy(technicalSupportHouseholds.householdId);
  return rows.map((r) => r.id);
}

async function writeHouseholds(scope: WriteScope, supportId: string, householdIds: readonly string[]): Promise<void> {
  if (householdIds.length > 0) await scope.tx.insert(technicalSupportHouseholds).values(householdIds.map((householdId) => ({ supportId, householdId })));
}

/** The version row of the event as it reads after a change, and the audit entry: nothing changes without a trace. */
async function recordVersion(scope: WriteScope, before: (SupportRow & { householdIds: string[] }) | null, after: SupportRow, householdIds: readonly string[], change: TechnicalSupportChange, reason: string | null): Promise<SupportRow> {
  await scope.tx.insert(technicalSupportVersions).values({
    supportId: after.id, version: after.version, change, reason, kind: after.kind, supportDate: after.supportDate, provider: after.provider,
    techniqueCode: after.techniqueCode, householdsReached: after.householdsReached, householdIds: [...householdIds], cost: after.cost, recordedBy: scope.actor,
  });
  await scope.audit({ entity: 'TechnicalSupport', entityKey: after.id, before, after: { ...after, householdIds }, units: [after.communeCode] });
  return after;
}

/** What only trusted callers (the seed, a batch import) choose: a stable id, the synthetic flag. */
export interface RecordOptions {
  id?: string;
  synthetic?: boolean;
}

/** Records a support event for a model that DOLISA's registry has (its commune is where the event counts). */
export async function recordTechnicalSupport(scope: WriteScope, input: TechnicalSupportInput, lookups: Lookups, options: RecordOptions = {}): Promise<SupportRow> {
  checkText(input.modelId, 'input.modelId', { max: 60 });
  const model = await lookups.model(input.modelId, 'input.modelId');
  const details = await checkDetails(scope, input, lookups, 'input');
  const { householdIds, ...columns } = details;
  const [row] = await scope.tx.insert(technicalSupports).values({
    id: options.id ?? `TS-${model.id}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`, modelId: model.id, communeCode: model.communeCode,
    ...columns, synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await writeHouseholds(scope, row!.id, householdIds);
  return recordVersion(scope, null, row!, householdIds, 'RECORDED', null);
}

function lockSupport(scope: WriteScope, id: string): Promise<SupportRow> {
  return lockRow(scope.tx, technicalSupports, technicalSupports.id, id, 'technical support event');
}

export interface CorrectSupportArgs {
  id: string;
  expectedVersion: number;
  input: TechnicalSupportCorrection;
  reason: string;
}

/** Replaces an event's details with corrected ones; the version before and the reason stay in its history. */
export async function correctTechnicalSupport(scope: WriteScope, args: CorrectSupportArgs, lookups: Lookups): Promise<SupportRow> {
  checkText(args.reason, 'reason', { max: 500 });
  const before = await lockSupport(scope, args.id);
  checkVersion(before, args.expectedVersion, `Technical support "${args.id}"`);
  if (before.cancelledOn) throw conflict(`Technical support "${args.id}" was cancelled on ${before.cancelledOn}; record a new event instead`, 'id');
  const details = await checkDetails(scope, args.input, lookups, 'input');
  const { householdIds, ...columns } = details;
  const beforeIds = await listedHouseholds(scope, before.id);
  const unchanged = (Object.keys(columns) as (keyof typeof columns)[]).every((k) => columns[k] === before[k])
    && householdIds.join('\n') === beforeIds.join('\n');
  check(!unchanged, 'the correction changes nothing', 'input');
  const [after] = await scope.tx.update(technicalSupports)
    .set({ ...columns, version: before.version + 1, updatedAt: new Date() })
    .where(eq(technicalSupports.id, before.id)).returning();
  await scope.tx.delete(technicalSupportHouseholds).where(eq(technicalSupportHouseholds.supportId, before.id));
  await writeHouseholds(scope, before.id, householdIds);
  return recordVersion(scope, { ...before, householdIds: beforeIds }, after!, householdIds, 'CORRECTED', args.reason.trim());
}

/** Cancels an event recorded in error: it stops counting everywhere and stays readable with its reason. */
export async function cancelTechnicalSupport(scope: WriteScope, args: MutationCancelTechnicalSupportArgs): Promise<SupportRow> {
  checkText(args.reason, 'reason', { max: 500 });
  const before = await lockSupport(scope, args.id);
  if (args.expectedVersion != null) checkVersion(before, args.expectedVersion, `Technical support "${args.id}"`);
  if (before.cancelledOn) throw conflict(`Technical support "${args.id}" was already cancelled on ${before.cancelledOn}`, 'id');
  const householdIds = await listedHouseholds(scope, before.id);
  const [after] = await scope.tx.update(technicalSupports)
    .set({ cancelledOn: scope.today, cancellationReason: args.reason.trim(), version: before.version + 1, updatedAt: new Date() })
    .where(eq(technicalSupports.id, before.id)).returning();
  return recordVersion(scope, { ...before, householdIds }, after!, householdIds, 'CANCELLED', args.reason.trim());
}
