import { eq } from 'drizzle-orm';
import type { Db } from '@ntg/db';
import { findCommune } from '@ntg/admin-units';
import {
  badUserInput, check, checkNotFuture, checkText, checkVersion, checkYear, conflict, lockRow, notFound, type WriteScope,
} from '@ntg/subgraph-kit';
import {
  allocations, allocationVersions, disbursementReversals, disbursements, fundingSources, settlementReversals, settlements,
} from '../db/schema';
import type {
  AllocateFundingInput, AmendAllocationInput, DisbursementInput, FundingItem, SettlementInput,
} from '../generated/types';
import type { DolisaRecords } from '../refs';
import type { AllocationRow, DisbursementRow, SettlementRow } from './loaders';

/** No single allocation, payment or settlement is larger than this (100 billion VND): a typo guard, not a policy. */
export const MAX_AMOUNT = 100_000_000_000;

/** Options the seed and batch imports pass; a GraphQL caller cannot. */
export interface WriteOptions {
  /** A stable id instead of a generated one (the seed's are deterministic). */
  id?: string;
  /** Demo data. */
  synthetic?: boolean;
}

function checkAmount(amount: number, field: string): void {
  check(Number.isSafeInteger(amount) && amount >= 1 && amount <= MAX_AMOUNT, `${field.split('.').at(-1)} must be a whole number of VND between 1 and ${MAX_AMOUNT}`, field);
}

async function checkSource(scope: WriteScope, code: string, field: string): Promise<void> {
  const [source] = await scope.tx.select({ code: fundingSources.code }).from(fundingSources).where(eq(fundingSources.code, code));
  if (!source) {
    const known = (await scope.tx.select({ code: fundingSources.code }).from(fundingSources)).map((s) => s.code).sort();
    throw badUserInput(`"${code}" is not a funding source (one of ${known.join(', ')})`, field);
  }
}

async function checkHousehold(records: DolisaRecords, id: string, field: string): Promise<void> {
  if (!(await records.household(id))) throw notFound(`No household with id "${id}"`, field);
}

/**
 * The commune an allocation goes to: the model's (DOLISA's, read through the graph) when it names one, else the
 * commune given. Both the policy's area decision and the service ask this, with the same request-scoped lookups.
 */
export async function allocationCommune(records: DolisaRecords, input: Pick<AllocateFundingInput, 'modelId' | 'communeCode'>): Promise<string> {
  if (input.modelId) {
    const model = await records.model(input.modelId);
    if (!model) throw notFound(`No livelihood model with id "${input.modelId}"`, 'input.modelId');
    if (input.communeCode && input.communeCode !== model.communeCode) {
      throw badUserInput(`Model "${model.id}" is in commune ${model.communeCode}, not ${input.communeCode}; leave communeCode out`, 'input.communeCode');
    }
    return model.communeCode;
  }
  if (!input.communeCode) throw badUserInput('Name the livelihood model funded (modelId) or, for programme money outside a model, the commune', 'input.modelId');
  if (!findCommune(input.communeCode)) throw badUserInput(`"${input.communeCode}" is not a commune of Ninh Thuận`, 'input.communeCode');
  return input.communeCode;
}

function versionRow(row: AllocationRow, change: 'ALLOCATED' | 'AMENDED' | 'CANCELLED', reason: string | null, actor: string) {
  return {
    allocationId: row.id, version: row.version, change, sourceCode: row.sourceCode, householdId: row.householdId, item: row.item,
    year: row.year, approved: row.approved, status: row.status, note: row.note, reason, recordedBy: actor,
  };
}

/** Approves money from one source for one item and year; its first version is recorded beside it. */
export async function allocateFunding(scope: WriteScope, input: AllocateFundingInput, records: DolisaRecords, options: WriteOptions = {}): Promise<AllocationRow> {
  checkYear(input.year, 'input.year');
  checkAmount(input.approved, 'input.approved');
  checkText(input.note, 'input.note', { max: 1000, required: false });
  await checkSource(scope, input.sourceCode, 'input.sourceCode');
  const communeCode = await allocationCommune(records, input);
  if (input.householdId) await checkHousehold(records, input.householdId, 'input.householdId');
  const id = options.id ?? `AL-${communeCode}-${input.year}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  const [row] = await scope.tx.insert(allocations).values({
    id, sourceCode: input.sourceCode, modelId: input.modelId ?? null, communeCode, householdId: input.householdId ?? null,
    item: input.item, year: input.year, approved: input.approved, note: input.note?.trim() ?? null,
    synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.tx.insert(allocationVersions).values(versionRow(row!, 'ALLOCATED', null, scope.actor));
  await scope.audit({ entity: 'FundingAllocation', entityKey: id, before: null, after: row });
  return row!;
}

export function lockAllocation(scope: WriteScope, id: string, field = 'id'): Promise<AllocationRow> {
  return lockRow(scope.tx, allocations, allocations.id, id, 'funding allocation', field);
}

export interface AmendArgs {
  id: string;
  expectedVersion: number;
  input: AmendAllocationInput;
  reason: string;
}

/**
 * Changes what an allocation says; the earlier version stays in its history with the reason. `householdId: null`
 * (given, as null) removes the household; left out, it stays.
 */
export async function amendAllocation(scope: WriteScope, args: AmendArgs, records: DolisaRecords): Promise<AllocationRow> {
  checkText(args.reason, 'reason', { max: 500 });
  const { input } = args;
  const before = await lockAllocation(scope, args.id);
  checkVersion(before, args.expectedVersion, `Allocation "${args.id}"`);
  if (before.status === 'CANCELLED') throw conflict(`Allocation "${args.id}" is cancelled; allocate anew instead`, 'id');
  const changes: Partial<Pick<AllocationRow, 'sourceCode' | 'item' | 'year' | 'householdId' | 'approved' | 'note'>> = {};
  if (input.sourceCode != null && input.sourceCode !== before.sourceCode) {
    await checkSource(scope, input.sourceCode, 'input.sourceCode');
    changes.sourceCode = input.sourceCode;
  }
  if (input.item != null && input.item !== before.item) changes.item = input.item as FundingItem;
  if (input.year != null && input.year !== before.year) {
    checkYear(input.year, 'input.year');
    changes.year = input.year;
  }
  if (input.approved != null && input.approved !== before.approved) {
    checkAmount(input.approved, 'input.approved');
    changes.approved = input.approved;
  }
  if ('householdId' in input && input.householdId !== undefined && (input.householdId ?? null) !== before.householdId) {
    if (input.householdId) await checkHousehold(records, input.householdId, 'input.householdId');
    changes.householdId = input.householdId ?? null;
  }
  if (input.note != null && input.note.trim() !== (before.note ?? '')) {
    checkText(input.note, 'input.note', { max: 1000 });
    changes.note = input.note.trim();
  }
  if (Object.keys(changes).length === 0) throw badUserInput('The amendment changes nothing: give at least one field with a new value', 'input');
  const [after] = await scope.tx.update(allocations)
    .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
    .where(eq(allocations.id, before.id)).returning();
  await scope.tx.insert(allocationVersions).values(versionRow(after!, 'AMENDED', args.reason.trim(), scope.actor));
  await scope.audit({ entity: 'FundingAllocation', entityKey: before.id, before, after });
  return after!;
}

/** Cancels an allocation nothing was disbursed from; the row and its history stay, marked CANCELLED. */
export async function cancelAllocation(scope: WriteScope, args: { id: string; reason: string }): Promise<AllocationRow> {
  checkText(args.reason, 'reason', { max: 500 });
  const before = await lockAllocation(scope, args.id);
  if (before.status === 'CANCELLED') throw conflict(`Allocation "${args.id}" was already cancelled on ${before.cancelledOn}`, 'id');
  if (before.disbursed > 0) {
    throw conflict(
      `Allocation "${args.id}" has ${before.disbursed} VND disbursed: it cannot be cancelled; reverse payments entered by mistake (reverseDisbursement), or amend its approved amount instead`,
      'id',
    );
  }
  const [after] = await scope.tx.update(allocations)
    .set({ status: 'CANCELLED', cancelledOn: scope.today, cancellationReason: args.reason.trim(), version: before.version + 1, updatedAt: new Date() })
    .where(eq(allocations.id, before.id)).returning();
  await scope.tx.insert(allocationVersions).values(versionRow(after!, 'CANCELLED', args.reason.trim(), scope.actor));
  await scope.audit({ entity: 'FundingAllocation', entityKey: before.id, before, after });
  return after!;
}

/**
 * Records one payment. Beyond the approved amount it is accepted (it happens, and OVER_DISBURSED shows it); the
 * allocation's total follows by trigger.
 */
export async function recordDisbursement(
  scope: WriteScope, args: { allocationId: string; input: DisbursementInput }, options: Pick<WriteOptions, 'synthetic'> = {},
): Promise<DisbursementRow> {
  const { input } = args;
  checkAmount(input.amount, 'input.amount');
  checkNotFuture(input.paidOn, scope.today, 'input.paidOn');
  checkText(input.reference, 'input.reference', { max: 200, required: false });
  const allocation = await lockAllocation(scope, args.allocationId, 'allocationId');
  if (allocation.status === 'CANCELLED') throw conflict(`Allocation "${allocation.id}" is cancelled: nothing is paid out of it`, 'allocationId');
  const [row] = await scope.tx.insert(disbursements).values({
    allocationId: allocation.id, amount: input.amount, paidOn: input.paidOn, reference: input.reference?.trim() ?? null,
    synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Disbursement', entityKey: `${allocation.id}/${row!.id}`, before: null, after: row });
  return row!;
}

/** Records one settlement (quyết toán): never more than is disbursed and not yet settled. */
export async function settleAllocation(
  scope: WriteScope, args: { allocationId: string; input: SettlementInput }, options: Pick<WriteOptions, 'synthetic'> = {},
): Promise<SettlementRow> {
  const { input } = args;
  checkAmount(input.amount, 'input.amount');
  checkNotFuture(input.settledOn, scope.today, 'input.settledOn');
  checkText(input.documentNumber, 'input.documentNumber', { max: 200, required: false });
  const allocation = await lockAllocation(scope, args.allocationId, 'allocationId');
  if (allocation.status === 'CANCELLED') throw conflict(`Allocation "${allocation.id}" is cancelled: there is nothing to settle`, 'allocationId');
  const open = allocation.disbursed - allocation.settled;
  if (input.amount > open) {
    throw badUserInput(
      `A settlement of ${input.amount} VND is above what is disbursed and not yet settled (${open} VND: ${allocation.disbursed} disbursed, ${allocation.settled} settled)`,
      'input.amount',
    );
  }
  const [row] = await scope.tx.insert(settlements).values({
    allocationId: allocation.id, amount: input.amount, settledOn: input.settledOn, documentNumber: input.documentNumber?.trim() ?? null,
    synthetic: options.synthetic ?? false, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Settlement', entityKey: `${allocation.id}/${row!.id}`, before: null, after: row });
  return row!;
}

/** What a reversal says: the record it reverses (its id as the graph shows it), the day, and why. */
export interface ReversalArgs {
  id: string;
  date: string;
  reason: string;
}

/** A payment's or settlement's id is its serial number; any other string names no record (NOT_FOUND, not a SQL error). */
function serialOf(id: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : null;
}

/** The payment an id names; NOT_FOUND on `id` when none. The policy reads its allocation's area by it too. */
export async function findDisbursement(tx: Db, id: string): Promise<DisbursementRow> {
  const serial = serialOf(id);
  const [row] = serial === null ? [] : await tx.select().from(disbursements).where(eq(disbursements.id, serial));
  if (!row) throw notFound(`No disbursement with id "${id}"`, 'id');
  return row;
}

/** The settlement an id names; NOT_FOUND on `id` when none. The policy reads its allocation's area by it too. */
export async function findSettlement(tx: Db, id: string): Promise<SettlementRow> {
  const serial = serialOf(id);
  const [row] = serial === null ? [] : await tx.select().from(settlements).where(eq(settlements.id, serial));
  if (!row) throw notFound(`No settlement with id "${id}"`, 'id');
  return row;
}

/** The checks both reversals share, on the record's allocation locked for the rest of the transaction. */
async function lockForReversal(scope: WriteScope, args: ReversalArgs, record: { allocationId: string }, what: string, recordedOn: string): Promise<AllocationRow> {
  // The allocation's row lock makes reversals and settlements of one allocation take turns: each reads the totals
  // (and whether the record is reversed yet) as the one before it left them.
  const allocation = await lockAllocation(scope, record.allocationId);
  if (allocation.status === 'CANCELLED') {
    throw conflict(`Allocation "${allocation.id}" of ${what} "${args.id}" is cancelled: it counts in no total already`, 'id');
  }
  check(args.date >= recordedOn, `date cannot be before the day of the ${what} it reverses (${recordedOn})`, 'date');
  return allocation;
}

/**
 * Reverses a payment entered by mistake: a reversal record beside it (the payment itself never changes). The
 * allocation's `disbursed` drops by the payment's amount by trigger, and every rollup, total and flag with it. A
 * payment whose money is settled is reversed only once the settlement is (settled never exceeds disbursed).
 */
export async function reverseDisbursement(scope: WriteScope, args: ReversalArgs): Promise<DisbursementRow> {
  checkNotFuture(args.date, scope.today, 'date');
  checkText(args.reason, 'reason', { max: 500 });
  const disbursement = await findDisbursement(scope.tx, args.id);
  const allocation = await lockForReversal(scope, args, disbursement, 'disbursement', disbursement.paidOn);
  const [earlier] = await scope.tx.select().from(disbursementReversals).where(eq(disbursementReversals.disbursementId, disbursement.id));
  if (earlier) throw conflict(`Disbursement "${args.id}" was already reversed on ${earlier.reversedOn}: ${earlier.reason}`, 'id');
  const remaining = allocation.disbursed - disbursement.amount;
  if (allocation.settled > remaining) {
    throw conflict(
      `Reversing disbursement "${args.id}" (${disbursement.amount} VND) would leave allocation "${allocation.id}" with ${remaining} VND disbursed against ${allocation.settled} VND settled: reverse the settlement first`,
      'id',
    );
  }
  const [reversal] = await scope.tx.insert(disbursementReversals).values({
    disbursementId: disbursement.id, reversedOn: args.date, reason: args.reason.trim(), recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Disbursement', entityKey: `${allocation.id}/${disbursement.id}`, before: { ...disbursement, reversal: null }, after: { ...disbursement, reversal } });
  return disbursement;
}

/**
 * Reverses a settlement entered by mistake, as reverseDisbursement does a payment: the allocation's `settled` drops
 * by trigger (which can never leave it above `disbursed`).
 */
export async function reverseSettlement(scope: WriteScope, args: ReversalArgs): Promise<SettlementRow> {
  checkNotFuture(args.date, scope.today, 'date');
  checkText(args.reason, 'reason', { max: 500 });
  const settlement = await findSettlement(scope.tx, args.id);
  const allocation = await lockForReversal(scope, args, settlement, 'settlement', settlement.settledOn);
  const [earlier] = await scope.tx.select().from(settlementReversals).where(eq(settlementReversals.settlementId, settlement.id));
  if (earlier) throw conflict(`Settlement "${args.id}" was already reversed on ${earlier.reversedOn}: ${earlier.reason}`, 'id');
  const [reversal] = await scope.tx.insert(settlementReversals).values({
    settlementId: settlement.id, reversedOn: args.date, reason: args.reason.trim(), recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'Settlement', entityKey: `${allocation.id}/${settlement.id}`, before: { ...settlement, reversal: null }, after: { ...settlement, reversal } });
  return settlement;
}
