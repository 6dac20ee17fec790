import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@ntg/db';
import { check, checkText, checkVersion, conflict, lockRow, type WriteScope } from '@ntg/subgraph-kit';
import { fundReceipts, fundReceiptVersions, funds, fundSpendings, fundSpendingVersions } from '../db/schema';
import type {
  FundEntryChange, FundReceiptInput, FundSpendingInput, MutationCancelFundReceiptArgs, MutationCancelFundSpendingArgs,
  MutationCorrectFundReceiptArgs, MutationCorrectFundSpendingArgs,
} from '../generated/types';
import { requireHousehold, requireModel, type FrontWriteEnv, type Lookups } from '../lookups';
import { findUnit, requireUnit, unitCovers, type FrontUnit } from '../units';
import { checkAmount, checkDay } from '../validation';
import type { FundReceiptRow, FundSpendingRow } from './loaders';

const vnd = (amount: number) => `${amount.toLocaleString('en')} VND`;

/** The unit's fund, opened on its first receipt. */
async function openFund(tx: Db, unit: FrontUnit): Promise<void> {
  await tx.insert(funds).values({ unitCode: unit.code, level: unit.level }).onConflictDoNothing();
}

/**
 * The unit's fund locked until the transaction ends, so two spendings of one fund take turns (a receipt only adds,
 * so it needs no turn). A fund that never received anything does not exist: it holds nothing.
 */
async function lockFund(tx: Db, unit: FrontUnit): Promise<boolean> {
  const [fund] = await tx.select().from(funds).where(eq(funds.unitCode, unit.code)).for('update');
  return fund !== undefined;
}

/** A fund's standing flows (day, delta): receipts in, spending out; cancelled entries count nowhere. */
function standingFlows(unitCode: string) {
  return sql`
    select ${fundReceipts.receivedOn}, ${fundReceipts.value} from ${fundReceipts} where ${fundReceipts.unitCode} = ${unitCode} and ${fundReceipts.cancelledAt} is null
    union all select ${fundSpendings.spentOn}, -${fundSpendings.amount} from ${fundSpendings} where ${fundSpendings.unitCode} = ${unitCode} and ${fundSpendings.cancelledAt} is null`;
}

/**
 * What the fund can spend on `day`: its balance at the end of that day, or its lowest balance at the end of any
 * later day with flows if that is lower, since a spending entered late must not overdraw the fund at any time
 * after it. Reads that one fund's flows (indexed by fund and day); the fund is locked, so the answer holds until commit.
 */
export async function spendableOn(tx: Db, unitCode: string, day: string): Promise<number> {
  const [row] = await queryRows<{ on_day: string | number; lowest_after: string | number | null }>(tx, sql`
    with flows(day, delta) as (${standingFlows(unitCode)}), daily as (select day, sum(delta) as delta from flows group by day),
    running as (select day, sum(delta) over (order by day) as balance from daily)
    select coalesce((select sum(delta) from daily where day <= ${day}::date), 0)::bigint as on_day,
      (select min(balance) from running where day > ${day}::date)::bigint as lowest_after`);
  const onDay = Number(row?.on_day ?? 0);
  return row?.lowest_after == null ? onDay : Math.min(onDay, Number(row.lowest_after));
}

/** Who a spending goes to: one household or one model (checked through the graph) of the fund's unit. */
interface Recipient {
  householdId: string | null;
  modelId: string | null;
  communeCode: string;
}

/** The household or the model named (exactly one, checked by the caller), of a commune the fund covers. */
async function requireRecipient(lookups: Lookups, unit: FrontUnit, named: { householdId?: string | null; modelId?: string | null }): Promise<Recipient> {
  const [field, found] = named.householdId != null
    ? ['input.householdId', await requireHousehold(lookups, named.householdId, 'input.householdId')] as const
    : ['input.modelId', await requireModel(lookups, named.modelId!, 'input.modelId')] as const;
  check(unitCovers(unit.code, found.communeCode), `${found.id} is in commune ${found.communeCode}, outside the fund of ${unit.name}`, field);
  return { householdId: named.householdId ?? null, modelId: named.householdId != null ? null : named.modelId!, communeCode: found.communeCode };
}

/** Money, or goods valued in VND, received by a unit's fund. */
export async function recordFundReceipt(scope: WriteScope, input: FundReceiptInput, env: FrontWriteEnv): Promise<FundReceiptRow> {
  const unit = requireUnit(input.fundUnitCode, 'input.fundUnitCode');
  checkDay(input.date, scope.today, 'input.date');
  checkText(input.donor, 'input.donor', { max: 300 });
  checkAmount(input.value, 'input.value');
  checkText(input.description, 'input.description', { max: 1000, required: input.kind === 'IN_KIND' });
  await openFund(scope.tx, unit);
  const [row] = await scope.tx.insert(fundReceipts).values({
    id: env.newId('FR'), unitCode: unit.code, receivedOn: input.date, donor: input.donor.trim(), kind: input.kind, value: input.value,
    description: input.description?.trim() || null, synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'FundReceipt', entityKey: row!.id, before: null, after: row });
  return row!;
}

/**
 * Spending of a unit's fund on a household or a model of that unit (checked through the graph). The Front's
 * own rule: never more than the fund holds, on the day and after (CONFLICT, nothing written).
 */
export async function recordFundSpending(scope: WriteScope, input: FundSpendingInput, env: FrontWriteEnv): Promise<FundSpendingRow> {
  const unit = requireUnit(input.fundUnitCode, 'input.fundUnitCode');
  checkDay(input.date, scope.today, 'input.date');
  checkAmount(input.amount, 'input.amount');
  checkText(input.purpose, 'input.purpose', { max: 1000 });
  check((input.householdId == null) !== (input.modelId == null), 'spending goes to one household (householdId) or one model (modelId)', 'input.householdId');
  const recipient = await requireRecipient(env.lookups, unit, input);
  const spendable = (await lockFund(scope.tx, unit)) ? await spendableOn(scope.tx, unit.code, input.date) : 0;
  if (input.amount > spendable) {
    throw conflict(`The For the Poor fund of ${unit.name} can spend ${vnd(Math.max(spendable, 0))} on ${input.date} (its lowest balance from then on); ${vnd(input.amount)} would overdraw it`, 'input.amount');
  }
  const [row] = await scope.tx.insert(fundSpendings).values({
    id: env.newId('FS'), unitCode: unit.code, spentOn: input.date, amount: input.amount, purpose: input.purpose.trim(),
    ...recipient, synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'FundSpending', entityKey: row!.id, before: null, after: row });
  return row!;
}

const MAX_REASON = 500;

/** An entry's effect on its fund: `delta` (+ a receipt, − a spending) on the balance from `day` on; null when cancelled. */
interface Flow {
  unitCode: string;
  day: string;
  delta: number;
}

const receiptFlow = (r: FundReceiptRow): Flow | null => (r.cancelledAt ? null : { unitCode: r.unitCode, day: r.receivedOn, delta: r.value });
const spendingFlow = (s: FundSpendingRow): Flow | null => (s.cancelledAt ? null : { unitCode: s.unitCode, day: s.spentOn, delta: -s.amount });

/**
 * The funds locked in code order until the transaction ends: the same lock recordFundSpending takes, so a
 * correction or a cancellation and a spending of one fund take turns (and two corrections moving receipts between
 * the same two funds cannot deadlock).
 */
async function lockFunds(tx: Db, codes: readonly string[]): Promise<void> {
  for (const code of [...new Set(codes)].sort()) await tx.select().from(funds).where(eq(funds.unitCode, code)).for('update');
}

/**
 * After a change replaced the flow `removed` by `added` in one fund (either may be absent), refuses it with
 * CONFLICT when it leaves the fund overspent on some day that it lowered: the first such day and the shortfall.
 * A change that lowers no day's balance (a higher receipt, a cancelled spending) needs no look at the flows.
 */
async function refuseOverspending(tx: Db, unitCode: string, removed: Flow | null, added: Flow | null, field: string): Promise<void> {
  const changeUpTo = (day: string) => (added && added.day <= day ? added.delta : 0) - (removed && removed.day <= day ? removed.delta : 0);
  const marks = [removed, added].filter((f): f is Flow => f !== null);
  // The balance's change is a step function of the day that moves only on these days.
  if (!marks.some((f) => changeUpTo(f.day) < 0)) return;
  const effect = (flow: Flow | null) => (flow ? sql`case when day >= ${flow.day}::date then ${flow.delta}::bigint else 0 end` : sql`0`);
  // The marked days are listed too, so a day the change lowered is looked at even when no entry is left on it.
  const [overspent] = await queryRows<{ day: string; balance: string | number }>(tx, sql`
    with flows(day, delta) as (${standingFlows(unitCode)} ${sql.join(marks.map((f) => sql` union all select ${f.day}::date, 0::bigint`), sql``)}),
    daily as (select day, sum(delta) as delta from flows group by day),
    running as (select day, sum(delta) over (order by day) as balance from daily)
    select day::text as day, balance::bigint as balance from running
    where balance < 0 and (${effect(added)}) - (${effect(removed)}) < 0
    order by day limit 1`);
  if (overspent) {
    const name = findUnit(unitCode)?.name ?? unitCode;
    throw conflict(`This would overspend the For the Poor fund of ${name} on ${overspent.day}: it would be short by ${vnd(-Number(overspent.balance))}`, field);
  }
}

/** A cancelled entry is final: CONFLICT on any further change (a new entry is recorded instead). */
function checkStanding(entry: { id: string; cancelledAt: Date | null }, what: string): void {
  if (entry.cancelledAt) throw conflict(`${what} "${entry.id}" was cancelled on ${entry.cancelledAt.toISOString()}; record a new entry instead`, 'id');
}

/** A receipt's details at one version, as its versions table keeps them. */
const receiptDetails = (r: FundReceiptRow) => ({
  receiptId: r.id, version: r.version, unitCode: r.unitCode, receivedOn: r.receivedOn, donor: r.donor, kind: r.kind, value: r.value, description: r.description,
});

/**
 * The version a change made, and the audit entry. The first change also writes the version it replaces (as
 * recorded): a receipt never changed has only its row.
 */
async function recordReceiptChange(scope: WriteScope, before: FundReceiptRow, after: FundReceiptRow, change: FundEntryChange, reason: string): Promise<FundReceiptRow> {
  if (before.version === 1) {
    await scope.tx.insert(fundReceiptVersions).values({ ...receiptDetails(before), change: 'RECORDED', reason: null, recordedBy: before.recordedBy, recordedAt: before.recordedAt });
  }
  await scope.tx.insert(fundReceiptVersions).values({ ...receiptDetails(after), change, reason, recordedBy: scope.actor });
  await scope.audit({ entity: 'FundReceipt', entityKey: after.id, before, after });
  return after;
}

const spendingDetails = (s: FundSpendingRow) => ({
  spendingId: s.id, version: s.version, spentOn: s.spentOn, amount: s.amount, purpose: s.purpose, householdId: s.householdId, modelId: s.modelId, communeCode: s.communeCode,
});

/** As recordReceiptChange, for a spending. */
async function recordSpendingChange(scope: WriteScope, before: FundSpendingRow, after: FundSpendingRow, change: FundEntryChange, reason: string): Promise<FundSpendingRow> {
  if (before.version === 1) {
    await scope.tx.insert(fundSpendingVersions).values({ ...spendingDetails(before), change: 'RECORDED', reason: null, recordedBy: before.recordedBy, recordedAt: before.recordedAt });
  }
  await scope.tx.insert(fundSpendingVersions).values({ ...spendingDetails(after), change, reason, recordedBy: scope.actor });
  await scope.audit({ entity: 'FundSpending', entityKey: after.id, before, after });
  return after;
}

/** The first of `fields` whose value the correction changed: the field a refusal of the correction names. */
function changedField<T>(before: T, after: T, fields: readonly [keyof T, string][], fallback: string): string {
  return fields.find(([column]) => before[column] !== after[column])?.[1] ?? fallback;
}

/**
 * Corrects a receipt: a new version of the fields given, the version before kept in its versions. The fund's unit
 * may change (the policy has checked both funds lie in the caller's area). Neither fund may end up overspent on
 * any day the correction lowered (CONFLICT naming the day and the shortfall), under the funds' lock.
 */
export async function correctFundReceipt(scope: WriteScope, args: MutationCorrectFundReceiptArgs): Promise<FundReceiptRow> {
  const { input } = args;
  checkText(args.reason, 'reason', { max: MAX_REASON });
  const before = await lockRow(scope.tx, fundReceipts, fundReceipts.id, args.id, 'fund receipt');
  checkStanding(before, 'Fund receipt');
  checkVersion(before, args.expectedVersion, `Fund receipt "${args.id}"`);
  const unit = input.fundUnitCode != null ? requireUnit(input.fundUnitCode, 'input.fundUnitCode') : findUnit(before.unitCode)!;
  if (input.date != null) checkDay(input.date, scope.today, 'input.date');
  if (input.donor != null) checkText(input.donor, 'input.donor', { max: 300 });
  if (input.value != null) checkAmount(input.value, 'input.value');
  if (input.description != null) checkText(input.description, 'input.description', { max: 1000 });
  const corrected = {
    unitCode: unit.code, receivedOn: input.date ?? before.receivedOn, donor: input.donor?.trim() ?? before.donor, kind: input.kind ?? before.kind,
    value: input.value ?? before.value, description: input.description?.trim() ?? before.description,
  };
  check(corrected.kind !== 'IN_KIND' || corrected.description !== null, 'a receipt in kind says what was given', 'input.description');
  check((Object.keys(corrected) as (keyof typeof corrected)[]).some((k) => corrected[k] !== before[k]), 'the correction changes nothing', 'input');

  await openFund(scope.tx, unit);
  await lockFunds(scope.tx, [before.unitCode, unit.code]);
  const [after] = await scope.tx.update(fundReceipts).set({ ...corrected, version: before.version + 1 }).where(eq(fundReceipts.id, before.id)).returning();
  const field = changedField(before, after!, [['value', 'input.value'], ['receivedOn', 'input.date'], ['unitCode', 'input.fundUnitCode']], 'input');
  for (const code of new Set([before.unitCode, unit.code])) {
    const flow = (row: FundReceiptRow) => (row.unitCode === code ? receiptFlow(row) : null);
    await refuseOverspending(scope.tx, code, flow(before), flow(after!), field);
  }
  return recordReceiptChange(scope, before, after!, 'CORRECTED', args.reason.trim());
}

/**
 * Corrects a spending: a new version of the fields given (date, amount, purpose, recipient of the fund's unit), the
 * version before kept. The fund must not end up overspent on any day the correction lowered, under its lock.
 */
export async function correctFundSpending(scope: WriteScope, args: MutationCorrectFundSpendingArgs, env: FrontWriteEnv): Promise<FundSpendingRow> {
  const { input } = args;
  checkText(args.reason, 'reason', { max: MAX_REASON });
  const before = await lockRow(scope.tx, fundSpendings, fundSpendings.id, args.id, 'fund spending');
  checkStanding(before, 'Fund spending');
  checkVersion(before, args.expectedVersion, `Fund spending "${args.id}"`);
  const unit = findUnit(before.unitCode)!;
  if (input.date != null) checkDay(input.date, scope.today, 'input.date');
  if (input.amount != null) checkAmount(input.amount, 'input.amount');
  if (input.purpose != null) checkText(input.purpose, 'input.purpose', { max: 1000 });
  check(input.householdId == null || input.modelId == null, 'spending goes to one household (householdId) or one model (modelId)', 'input.householdId');
  const recipient: Recipient = input.householdId != null || input.modelId != null
    ? await requireRecipient(env.lookups, unit, input)
    : { householdId: before.householdId, modelId: before.modelId, communeCode: before.communeCode };
  const corrected = { spentOn: input.date ?? before.spentOn, amount: input.amount ?? before.amount, purpose: input.purpose?.trim() ?? before.purpose, ...recipient };
  check((Object.keys(corrected) as (keyof typeof corrected)[]).some((k) => corrected[k] !== before[k]), 'the correction changes nothing', 'input');

  await lockFunds(scope.tx, [unit.code]);
  const [after] = await scope.tx.update(fundSpendings).set({ ...corrected, version: before.version + 1 }).where(eq(fundSpendings.id, before.id)).returning();
  const field = changedField(before, after!, [['amount', 'input.amount'], ['spentOn', 'input.date']], 'input');
  await refuseOverspending(scope.tx, unit.code, spendingFlow(before), spendingFlow(after!), field);
  return recordSpendingChange(scope, before, after!, 'CORRECTED', args.reason.trim());
}

/**
 * Cancels a receipt entered in error: it stays, marked with who, when and why, and counts nowhere (the rollup
 * triggers take it out). Refused when the fund would then be overspent on some day.
 */
export async function cancelFundReceipt(scope: WriteScope, args: MutationCancelFundReceiptArgs): Promise<FundReceiptRow> {
  checkText(args.reason, 'reason', { max: MAX_REASON });
  const before = await lockRow(scope.tx, fundReceipts, fundReceipts.id, args.id, 'fund receipt');
  checkStanding(before, 'Fund receipt');
  checkVersion(before, args.expectedVersion, `Fund receipt "${args.id}"`);
  await lockFunds(scope.tx, [before.unitCode]);
  const [after] = await scope.tx.update(fundReceipts)
    .set({ cancelledAt: sql`now()`, cancelledBy: scope.actor, cancellationReason: args.reason.trim(), version: before.version + 1 })
    .where(eq(fundReceipts.id, before.id)).returning();
  await refuseOverspending(scope.tx, before.unitCode, receiptFlow(before), null, 'id');
  return recordReceiptChange(scope, before, after!, 'CANCELLED', args.reason.trim());
}

/** Cancels a spending entered in error: it stays, marked, and the fund has the amount back. */
export async function cancelFundSpending(scope: WriteScope, args: MutationCancelFundSpendingArgs): Promise<FundSpendingRow> {
  checkText(args.reason, 'reason', { max: MAX_REASON });
  const before = await lockRow(scope.tx, fundSpendings, fundSpendings.id, args.id, 'fund spending');
  checkStanding(before, 'Fund spending');
  checkVersion(before, args.expectedVersion, `Fund spending "${args.id}"`);
  await lockFunds(scope.tx, [before.unitCode]);
  const [after] = await scope.tx.update(fundSpendings)
    .set({ cancelledAt: sql`now()`, cancelledBy: scope.actor, cancellationReason: args.reason.trim(), version: before.version + 1 })
    .where(eq(fundSpendings.id, before.id)).returning();
  return recordSpendingChange(scope, before, after!, 'CANCELLED', args.reason.trim());
}
