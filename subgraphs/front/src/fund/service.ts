import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@ntg/db';
import { check, checkText, conflict, type WriteScope } from '@ntg/subgraph-kit';
import { fundReceipts, funds, fundSpendings } from '../db/schema';
import type { FundReceiptInput, FundSpendingInput } from '../generated/types';
import { requireHousehold, requireModel, type FrontWriteEnv } from '../lookups';
import { requireUnit, unitCovers, type FrontUnit } from '../units';
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

/**
 * What the fund can spend on `day`: its balance at the end of that day, or its lowest balance at the end of any
 * later day with flows if that is lower, since a spending entered late must not overdraw the fund at any time
 * after it. Reads that one fund's flows (indexed by fund and day); the fund is locked, so the answer holds until commit.
 */
export async function spendableOn(tx: Db, unitCode: string, day: string): Promise<number> {
  const [row] = await queryRows<{ on_day: string | number; lowest_after: string | number | null }>(tx, sql`
    with flows(day, delta) as (
      select ${fundReceipts.receivedOn}, ${fundReceipts.value} from ${fundReceipts} where ${fundReceipts.unitCode} = ${unitCode}
      union all select ${fundSpendings.spentOn}, -${fundSpendings.amount} from ${fundSpendings} where ${fundSpendings.unitCode} = ${unitCode}
    ), daily as (select day, sum(delta) as delta from flows group by day),
    running as (select day, sum(delta) over (order by day) as balance from daily)
    select coalesce((select sum(delta) from daily where day <= ${day}::date), 0)::bigint as on_day,
      (select min(balance) from running where day > ${day}::date)::bigint as lowest_after`);
  const onDay = Number(row?.on_day ?? 0);
  return row?.lowest_after == null ? onDay : Math.min(onDay, Number(row.lowest_after));
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
  const [field, recipient] = input.householdId != null
    ? ['input.householdId', await requireHousehold(env.lookups, input.householdId, 'input.householdId')] as const
    : ['input.modelId', await requireModel(env.lookups, input.modelId!, 'input.modelId')] as const;
  check(unitCovers(unit.code, recipient.communeCode), `${recipient.id} is in commune ${recipient.communeCode}, outside the fund of ${unit.name}`, field);
  const spendable = (await lockFund(scope.tx, unit)) ? await spendableOn(scope.tx, unit.code, input.date) : 0;
  if (input.amount > spendable) {
    throw conflict(`The For the Poor fund of ${unit.name} can spend ${vnd(Math.max(spendable, 0))} on ${input.date} (its lowest balance from then on); ${vnd(input.amount)} would overdraw it`, 'input.amount');
  }
  const [row] = await scope.tx.insert(fundSpendings).values({
    id: env.newId('FS'), unitCode: unit.code, spentOn: input.date, amount: input.amount, purpose: input.purpose.trim(),
    householdId: input.householdId ?? null, modelId: input.modelId ?? null, communeCode: recipient.communeCode,
    synthetic: env.synthetic, recordedBy: scope.actor,
  }).returning();
  await scope.audit({ entity: 'FundSpending', entityKey: row!.id, before: null, after: row });
  return row!;
}
