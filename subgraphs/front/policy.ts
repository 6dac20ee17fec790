import type { Db } from '@ntg/db';
import { definePolicy, lockRow, type MutationArgsOf } from '@ntg/subgraph-kit';
import type { FrontContext } from './src/context';
import { fundReceipts, fundSpendings, recommendations, supervisions } from './src/db/schema';
import type { MutationResolvers } from './src/generated/types';
import { requestLookups, requireModel } from './src/lookups';
import { lockRecommendation, supervisionArea, supervisionPlace } from './src/supervision/service';
import { requireUnit } from './src/units';

/**
 * Who may change and read what in the Fatherland Front's part of the graph, beside its schema. The Front's
 * officers and supervisors write inside their area: the area is the unit of the Front committee the record
 * belongs to (a supervision's level over its commune; a fund's, a session's or a commendation's unit; the commune
 * of the model consulted), read and locked inside the write's transaction; another department's model is looked
 * up through the graph. A recommendation is answered by officers of the department and area it is addressed to.
 * Everything but the audit trail is read by everyone.
 */
async function recommendationCommittee(tx: Db, id: string): Promise<string> {
  const recommendation = await lockRecommendation(tx, id);
  return supervisionArea(recommendation.supervisionLevel, recommendation.communeCode);
}

/** The Front's own records other than supervision: written by its officers and supervisors alike. */
const frontRecord = { write: 'FRONT', roles: ['officer', 'supervisor'] } as const;

/** A fund entry's fund, the entry locked for the change: its area is the fund's unit. */
async function receiptFund(tx: Db, id: string): Promise<string> {
  return (await lockRow(tx, fundReceipts, fundReceipts.id, id, 'fund receipt', 'id')).unitCode;
}
async function spendingFund(tx: Db, id: string): Promise<string> {
  return (await lockRow(tx, fundSpendings, fundSpendings.id, id, 'fund spending', 'id')).unitCode;
}

export const policy = definePolicy<FrontContext, MutationArgsOf<MutationResolvers>, Db>({
  supervision: {
    recordSupervision: {
      entity: 'Supervision',
      area: async ({ input }, ctx) => supervisionArea(input.level, (await supervisionPlace(input, requestLookups(ctx))).communeCode),
    },
    addRecommendation: {
      entity: 'Recommendation', entityKey: (args) => args.supervisionId,
      area: async (args, _, tx) => {
        const supervision = await lockRow(tx, supervisions, supervisions.id, args.supervisionId, 'supervision', 'supervisionId');
        return supervisionArea(supervision.level, supervision.communeCode);
      },
    },
    resolveRecommendation: { entity: 'Recommendation', entityKey: (args) => args.id, area: (args, _, tx) => recommendationCommittee(tx, args.id) },
  },
  addressed: {
    respondToRecommendation: {
      entity: 'Recommendation', entityKey: (args) => args.id,
      addressee: async (args, _, tx) => {
        const recommendation = await lockRow(tx, recommendations, recommendations.id, args.id, 'recommendation', 'id');
        return { department: recommendation.addresseeDepartment, area: recommendation.addresseeArea };
      },
    },
  },
  mutations: {
    recordConsultation: {
      ...frontRecord, entity: 'Consultation', entityKey: (args) => args.input.modelId,
      area: async ({ input }, ctx) => (await requireModel(requestLookups(ctx), input.modelId, 'input.modelId')).communeCode,
    },
    recordSocialCriticism: { ...frontRecord, entity: 'SocialCriticism', area: ({ input }) => requireUnit(input.unitCode, 'input.unitCode').code },
    recordFundReceipt: { ...frontRecord, entity: 'FundReceipt', entityKey: (args) => args.input.fundUnitCode, area: ({ input }) => requireUnit(input.fundUnitCode, 'input.fundUnitCode').code },
    recordFundSpending: { ...frontRecord, entity: 'FundSpending', entityKey: (args) => args.input.fundUnitCode, area: ({ input }) => requireUnit(input.fundUnitCode, 'input.fundUnitCode').code },
    // A receipt moved to another fund: both funds must lie in the caller's area.
    correctFundReceipt: {
      ...frontRecord, entity: 'FundReceipt', entityKey: (args) => args.id,
      area: async ({ id, input }, _, tx) => [await receiptFund(tx, id), ...(input.fundUnitCode != null ? [requireUnit(input.fundUnitCode, 'input.fundUnitCode').code] : [])],
    },
    cancelFundReceipt: { ...frontRecord, entity: 'FundReceipt', entityKey: (args) => args.id, area: ({ id }, _, tx) => receiptFund(tx, id) },
    correctFundSpending: { ...frontRecord, entity: 'FundSpending', entityKey: (args) => args.id, area: ({ id }, _, tx) => spendingFund(tx, id) },
    cancelFundSpending: { ...frontRecord, entity: 'FundSpending', entityKey: (args) => args.id, area: ({ id }, _, tx) => spendingFund(tx, id) },
    commend: { ...frontRecord, entity: 'Commendation', area: ({ input }) => requireUnit(input.unitCode, 'input.unitCode').code },
  },
  restricted: {
    'Query.frontAuditLog': { departments: ['FRONT'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
