import { findCommune } from '@ntg/admin-units';
import { badUserInput, checkYear, decodeCursor, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { FrontContext } from '../context';
import type { Resolvers } from '../generated/types';
import { requestEnv } from '../lookups';
import { findUnit } from '../units';
import type { FundKey } from './loaders';
import { recordFundReceipt, recordFundSpending } from './service';

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

const figures = (fund: FundKey, ctx: FrontContext) => ctx.loaders.fundYear.load({ code: fund.unitCode, year: fund.year });

export const fundResolvers: Resolvers = {
  Mutation: {
    recordFundReceipt: (_, { input }, ctx) => recordFundReceipt(writeScope(ctx), input, requestEnv(ctx)),
    recordFundSpending: (_, { input }, ctx) => recordFundSpending(writeScope(ctx), input, requestEnv(ctx)),
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
      const rows = await ctx.loaders.receiptPage.load({ unitCode: fund.unitCode, year: fund.year, first: size, after: recordCursor(args.after) });
      return { ...toConnection(rows, size, (r) => [r.receivedOn, r.id]), fund };
    },
    spendingRecords: async (fund, args, ctx) => {
      const size = pageSize(args);
      const rows = await ctx.loaders.spendingPage.load({ unitCode: fund.unitCode, year: fund.year, first: size, after: recordCursor(args.after) });
      return { ...toConnection(rows, size, (r) => [r.spentOn, r.id]), fund };
    },
  },
  FundReceiptConnection: {
    totalCount: async (page, _, ctx) => (await figures(page.fund, ctx)).receiptCount,
  },
  FundSpendingConnection: {
    totalCount: async (page, _, ctx) => (await figures(page.fund, ctx)).spendingCount,
  },
  FundReceipt: {
    __resolveReference: (ref, ctx) => ctx.loaders.fundReceipt.load(ref.id),
    fundUnitCode: (r) => r.unitCode,
    fundLevel: (r) => findUnit(r.unitCode)!.level,
    date: (r) => r.receivedOn,
  },
  FundSpending: {
    __resolveReference: (ref, ctx) => ctx.loaders.fundSpending.load(ref.id),
    fundUnitCode: (s) => s.unitCode,
    fundLevel: (s) => findUnit(s.unitCode)!.level,
    date: (s) => s.spentOn,
    household: (s) => (s.householdId ? { id: s.householdId } : null),
    model: (s) => (s.modelId ? { id: s.modelId } : null),
    commune: (s) => findCommune(s.communeCode)!,
  },
};
