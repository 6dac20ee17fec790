import type { Db } from '@ntg/db';
import { definePolicy, lockRow, type MutationArgsOf } from '@ntg/subgraph-kit';
import { province } from '@ntg/admin-units';
import { allocations } from './src/db/schema';
import type { FinanceContext } from './src/context';
import type { MutationResolvers } from './src/generated/types';
import { allocationCommune, findDisbursement, findSettlement } from './src/allocations/service';
import { dolisaRecordsOf } from './src/allocations/resolvers';

/**
 * Who may change and read what in Finance's part of the graph, beside its schema. Every write is Finance officers'
 * inside their area. A new allocation's area is its model's commune, read from DOLISA through the graph at write
 * time (an unknown model is NOT_FOUND); a change to an allocation or a payment out of it touches the allocation's
 * commune, read and locked inside the write's transaction; so does the reversal of a payment or settlement (the
 * allocation it belongs to, found by the record's id). Guidance is provincial.
 */

async function allocationArea(tx: Db, id: string, field: string): Promise<string> {
  return (await lockRow(tx, allocations, allocations.id, id, 'funding allocation', field)).communeCode;
}

const allocation = { write: 'FINANCE', entity: 'FundingAllocation' } as const;
const byAllocationId = { ...allocation, entityKey: (args: { id: string }) => args.id, area: (args: { id: string }, _: FinanceContext, tx: Db) => allocationArea(tx, args.id, 'id') };

/**
 * Which household received what money is personal data, under the household-name rule of the graph (officers
 * whose area covers the record). Its readers are the DOLISA officers of the area, who may already read the
 * household's name and follow its way out of poverty, and the Finance officers of the area, who pay the money and
 * answer for it; analysts, viewers, supervisors and other departments see the sums only.
 */
const PERSONAL_READERS = ['DOLISA', 'FINANCE'] as const;

export const policy = definePolicy<FinanceContext, MutationArgsOf<MutationResolvers>, Db>({
  mutations: {
    allocateFunding: { ...allocation, area: (args, ctx) => allocationCommune(dolisaRecordsOf(ctx), args.input) },
    amendAllocation: byAllocationId,
    cancelAllocation: byAllocationId,
    recordDisbursement: { write: 'FINANCE', entity: 'Disbursement', entityKey: (args) => args.allocationId, area: (args, _, tx) => allocationArea(tx, args.allocationId, 'allocationId') },
    settleAllocation: { write: 'FINANCE', entity: 'Settlement', entityKey: (args) => args.allocationId, area: (args, _, tx) => allocationArea(tx, args.allocationId, 'allocationId') },
    reverseDisbursement: {
      write: 'FINANCE', entity: 'Disbursement', entityKey: (args) => args.id,
      area: async (args, _, tx) => allocationArea(tx, (await findDisbursement(tx, args.id)).allocationId, 'id'),
    },
    reverseSettlement: {
      write: 'FINANCE', entity: 'Settlement', entityKey: (args) => args.id,
      area: async (args, _, tx) => allocationArea(tx, (await findSettlement(tx, args.id)).allocationId, 'id'),
    },
    recordFundingGuidance: { write: 'FINANCE', entity: 'FundingGuidance', entityKey: (args) => args.input.id, area: () => province.code },
  },
  personal: {
    // The household's commune now (DOLISA's, through @requires), as for its name.
    'Household.fundingReceived': { communeOf: (household: { commune?: { code: string } }) => household.commune?.code, readers: PERSONAL_READERS },
    // The allocation's commune (its model's), where the household was paid.
    'FundingAllocation.household': { communeOf: (row: { communeCode: string }) => row.communeCode, readers: PERSONAL_READERS },
  },
  restricted: {
    'Query.financeAuditLog': { departments: ['FINANCE'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
