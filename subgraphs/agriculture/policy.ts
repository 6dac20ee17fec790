import type { Db } from '@ntg/db';
import { definePolicy, lockRow, type MutationArgsOf } from '@ntg/subgraph-kit';
import type { AgricultureContext } from './src/context';
import { offtakeAgreements, technicalSupports } from './src/db/schema';
import type { MutationResolvers } from './src/generated/types';
import { graphLookups } from './src/lookups';
import { checkServedCommunes } from './src/partners/service';

/**
 * Who may change and read what in Agriculture's part of the graph, beside its schema. Every mutation is written by
 * Agriculture officers inside their area. A new record's area is the commune of its model, read at write time
 * through the graph from DOLISA's registry (with the caller's token; never from a copy); an existing record's is
 * the commune it was recorded in, read and locked inside the write's transaction. Summaries and agreements are
 * read by everyone; the audit trail is restricted.
 */

/** The commune of DOLISA's model, through the graph: an unknown model is NOT_FOUND naming the field. */
async function modelCommune(ctx: AgricultureContext, modelId: string, field: string): Promise<string> {
  return (await graphLookups(ctx).model(modelId, field)).communeCode;
}

async function supportCommune(tx: Db, id: string): Promise<string> {
  return (await lockRow(tx, technicalSupports, technicalSupports.id, id, 'technical support event')).communeCode;
}

async function agreementCommune(tx: Db, id: string, field: string): Promise<string> {
  return (await lockRow(tx, offtakeAgreements, offtakeAgreements.id, id, 'offtake agreement', field)).communeCode;
}

const support = { write: 'AGRICULTURE', entity: 'TechnicalSupport' } as const;
const agreement = { write: 'AGRICULTURE', entity: 'OfftakeAgreement' } as const;

export const policy = definePolicy<AgricultureContext, MutationArgsOf<MutationResolvers>, Db>({
  mutations: {
    recordTechnicalSupport: { ...support, entityKey: (args) => args.input.modelId, area: (args, ctx) => modelCommune(ctx, args.input.modelId, 'input.modelId') },
    correctTechnicalSupport: { ...support, entityKey: (args) => args.id, area: (args, _, tx) => supportCommune(tx, args.id) },
    cancelTechnicalSupport: { ...support, entityKey: (args) => args.id, area: (args, _, tx) => supportCommune(tx, args.id) },
    // A partner serves several communes: the officer's area must cover every one of them.
    registerPartner: { write: 'AGRICULTURE', entity: 'Partner', entityKey: (args) => args.input.taxCode, area: (args) => checkServedCommunes(args.input.communeCodes, 'input.communeCodes') },
    signOfftakeAgreement: { ...agreement, entityKey: (args) => args.input.modelId, area: (args, ctx) => modelCommune(ctx, args.input.modelId, 'input.modelId') },
    recordDelivery: { write: 'AGRICULTURE', entity: 'OfftakeDelivery', entityKey: (args) => args.agreementId, area: (args, _, tx) => agreementCommune(tx, args.agreementId, 'agreementId') },
    changeOfftakeStatus: { ...agreement, entityKey: (args) => args.id, area: (args, _, tx) => agreementCommune(tx, args.id, 'id') },
  },
  restricted: {
    'Query.agricultureAuditLog': { departments: ['AGRICULTURE'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});
