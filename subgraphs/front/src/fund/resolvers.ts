import { findCommune } from '@ntg/admin-units';
import { badUserInput, checkYear, decodeCursor, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { FrontContext } from '../context';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { findUnit } from '../units';
import { firstVersion, type FundKey } from './loaders';
import { cancelFundReceipt, cancelFundSpending, correctFundReceipt, correctFundSpending, recordFundReceipt, recordFundSpending } from './service';

function fundOf(unit: { code: string }, year: number): FundKey {
  checkYear(year, 'year');
  return { level: findUnit(unit.code)!.level, unitCode: unit.code, year };
}

function recordCursor(after: string | null | undefined): [string, string] | null {
  if (!after) return null;
  const parts = decodeCursor(after);
  if (parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') throw badUserInput('Not a cursor this field returned', 'after');
  return [parts[0], parts[1]];
}

/** Who cancelled an entry, when and why; null while it stands. */
function cancellationOf(entry: { cancelledAt: Date | null; cancelledBy: string | null; cancellationReason: string | null }) {
  return entry.cancelledAt ? { at: entry.cancelledAt.toISOString(), by: entry.cancelledBy, reason: entry.cancellationReason ?? '' } : null;
}

const figures = (fund: FundKey, ctx: FrontContext) => ctx.loaders.fundYear.load({ code: fund.unitCode, year: fund.year });

export const fundResolvers: Resolvers = {
  Mutation: {
    recordFundReceipt: (_, { input }, ctx) => recordFundReceipt(writeScope(ctx), input, requestEnv(ctx)),
    recordFundSpending: (_, { input }, ctx) => recordFundSpending(writeScope(ctx), input, requestEnv(ctx)),
    correctFundReceipt: (_, args, ctx) => correctFundReceipt(writeScope(ctx), args),
    correctFundSpending: (_, args, ctx) => correctFundSpending(writeScope(ctx), args, requestEnv(ctx)),
    cancelFundReceipt: (_, args, ctx) => cancelFundReceipt(writeScope(ctx), args),
    cancelFundSpending: (_, args, ctx) => cancelFundSpending(writeScope(ctx), args),
  },
  Province: { fundForThePoor: (unit, { year }) => fundOf(unit, year) },
  District: { fundForThePoor: (unit, { year }) => fundOf(unit, year) },
  Commune: { fundForThePoor: (unit, { year }) => fundOf(unit, year) },
  FundForThePoor: {
    receipts: async (fund, _, ctx) => (await figures(fund, ctx)).own.receipts,
    spending: async (fund, _, ctx) => (await figures(fund, ctx)).own.spending,
    balance: async (fund, _, ctx) => (await figures(fund, ctx)).own.balance,
    withLowerLevels: async (fund, _, ctx) => (await figures(fund, ctx)).withLowerLevels,
    receiptRecords: async (fund, args, ctx) => {
      const size = pageSize(args);
      const includeCancelled = args.includeCancelled ?? false;
      const rows = await ctx.loaders.receiptPage.load({ unitCode: fund.unitCode, year: fund.year, first: size, after: recordCursor(args.after), includeCancelled });
      return { ...toConnection(rows, size, (r) => [r.receivedOn, r.id]), fund, includeCancelled };
    },
    spendingRecords: async (fund, args, ctx) => {
      const size = pageSize(args);
      const includeCancelled = args.includeCancelled ?? false;
      const rows = await ctx.loaders.spendingPage.load({ unitCode: fund.unitCode, year: fund.year, first: size, after: recordCursor(args.after), includeCancelled });
      return { ...toConnection(rows, size, (r) => [r.spentOn, r.id]), fund, includeCancelled };
    },
  },
  // What the list shows: standing entries, and the cancelled ones when asked (the rollup counts them apart).
  FundReceiptConnection: {
    totalCount: async (page, _, ctx) => {
      const year = await figures(page.fund, ctx);
      return year.receiptCount + (page.includeCancelled ? year.cancelledReceiptCount : 0);
    },
  },
  FundSpendingConnection: {
    totalCount: async (page, _, ctx) => {
      const year = await figures(page.fund, ctx);
      return year.spendingCount + (page.includeCancelled ? year.cancelledSpendingCount : 0);
    },
  },
  FundReceipt: {
    __resolveReference: (ref, ctx) => ctx.loaders.fundReceipt.load(ref.id),
    fundUnitCode: (r) => r.unitCode,
    fundLevel: (r) => findUnit(r.unitCode)!.level,
    date: (r) => r.receivedOn,
    status: (r) => (r.cancelledAt ? 'CANCELLED' : 'STANDING'),
    cancellation: (r) => cancellationOf(r),
    versions: async (r, _, ctx) => {
      const versions = await ctx.loaders.receiptVersions.load(r.id);
      return versions.length > 0 ? versions : [firstVersion.receipt(r)];
    },
  },
  FundReceiptVersion: {
    fundUnitCode: (v) => v.unitCode,
    date: (v) => v.receivedOn,
    recordedAt: (v) => v.recordedAt.toISOString(),
  },
  FundSpendingVersion: {
    date: (v) => v.spentOn,
    recordedAt: (v) => v.recordedAt.toISOString(),
  },
  FundSpending: {
    __resolveReference: (ref, ctx) => ctx.loaders.fundSpending.load(ref.id),
    fundUnitCode: (s) => s.unitCode,
    fundLevel: (s) => findUnit(s.unitCode)!.level,
    date: (s) => s.spentOn,
    household: (s) => (s.householdId ? { id: s.householdId } : null),
    model: (s) => (s.modelId ? { id: s.modelId } : null),
    commune: (s) => findCommune(s.communeCode)!,
    status: (s) => (s.cancelledAt ? 'CANCELLED' : 'STANDING'),
    cancellation: (s) => cancellationOf(s),
    versions: async (s, _, ctx) => {
      const versions = await ctx.loaders.spendingVersions.load(s.id);
      return versions.length > 0 ? versions : [firstVersion.spending(s)];
    },
  },
};
