import { findCommune } from '@ntg/admin-units';
import { decodeCursor, notFound, pageSize, toConnection, writeScope } from '@ntg/subgraph-kit';
import type { FinanceContext } from '../context';
import type { Resolvers } from '../generated/types';
import type { FundingSource } from '../sources/loaders';
import { countAllocations, listAllocations } from './loaders';
import {
  allocateFunding, amendAllocation, cancelAllocation, recordDisbursement, reverseDisbursement, reverseSettlement, settleAllocation,
} from './service';

/** DOLISA's records as this request sees them through the graph, each looked up once. */
export const dolisaRecordsOf = (ctx: FinanceContext) => ctx.loaders.dolisaLookups.through(ctx.graph);

async function sourceOf(code: string, ctx: FinanceContext): Promise<FundingSource> {
  const source = await ctx.loaders.fundingSource.load(code);
  if (!source) throw new Error(`an allocation names source ${code}, which does not exist`);
  return source;
}

async function allocationOf(id: string, ctx: FinanceContext) {
  const row = await ctx.loaders.allocationById.load(id);
  if (!row) throw new Error(`a payment names allocation ${id}, which does not exist`);
  return row;
}

export const allocationResolvers: Resolvers = {
  Query: {
    fundingAllocation: async (_, { id }, ctx) => {
      const row = await ctx.loaders.allocationById.load(id);
      if (!row) throw notFound(`No funding allocation with id "${id}"`, 'id');
      return row;
    },
    fundingAllocations: async (_, args, ctx) => {
      const size = pageSize(args);
      const filter = args.filter ?? {};
      const afterId = args.after ? String(decodeCursor(args.after)[0]) : null;
      const rows = await listAllocations(ctx.database, filter, size, afterId);
      for (const row of rows) ctx.loaders.allocationById.prime(row.id, row);
      return { ...toConnection(rows, size, (a) => [a.id]), filter };
    },
  },
  Mutation: {
    allocateFunding: (_, { input }, ctx) => allocateFunding(writeScope(ctx), input, dolisaRecordsOf(ctx)),
    amendAllocation: (_, args, ctx) => amendAllocation(writeScope(ctx), args, dolisaRecordsOf(ctx)),
    cancelAllocation: (_, args, ctx) => cancelAllocation(writeScope(ctx), args),
    recordDisbursement: (_, args, ctx) => recordDisbursement(writeScope(ctx), args),
    settleAllocation: (_, args, ctx) => settleAllocation(writeScope(ctx), args),
    reverseDisbursement: (_, args, ctx) => reverseDisbursement(writeScope(ctx), args),
    reverseSettlement: (_, args, ctx) => reverseSettlement(writeScope(ctx), args),
  },
  FundingAllocationConnection: {
    totalCount: (page, _, ctx) => countAllocations(ctx.database, page.filter),
  },
  FundingAllocation: {
    __resolveReference: (ref, ctx) => ctx.loaders.allocationById.load(ref.id),
    source: (a, _, ctx) => sourceOf(a.sourceCode, ctx),
    model: (a) => (a.modelId ? { id: a.modelId } : null),
    commune: (a) => findCommune(a.communeCode)!,
    household: (a) => (a.householdId ? { id: a.householdId } : null),
    recordedAt: (a) => a.recordedAt.toISOString(),
    disbursements: (a, _, ctx) => ctx.loaders.disbursementsOf.load(a.id),
    settlements: (a, _, ctx) => ctx.loaders.settlementsOf.load(a.id),
    history: (a, _, ctx) => ctx.loaders.versionsOf.load(a.id),
  },
  AllocationVersion: {
    source: (v, _, ctx) => sourceOf(v.sourceCode, ctx),
    namesHousehold: (v) => v.householdId !== null,
    recordedAt: (v) => v.recordedAt.toISOString(),
  },
  Disbursement: {
    id: (d) => String(d.id),
    allocation: (d, _, ctx) => allocationOf(d.allocationId, ctx),
    recordedAt: (d) => d.recordedAt.toISOString(),
    reversal: (d, _, ctx) => ctx.loaders.disbursementReversal.load(d.id),
  },
  DisbursementReversal: {
    recordedAt: (r) => r.recordedAt.toISOString(),
  },
  Settlement: {
    id: (s) => String(s.id),
    allocation: (s, _, ctx) => allocationOf(s.allocationId, ctx),
    recordedAt: (s) => s.recordedAt.toISOString(),
    reversal: (s, _, ctx) => ctx.loaders.settlementReversal.load(s.id),
  },
  SettlementReversal: {
    recordedAt: (r) => r.recordedAt.toISOString(),
  },
};
