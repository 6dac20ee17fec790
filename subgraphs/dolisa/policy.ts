import type { Db } from '@ntg/db';
import { badUserInput, definePolicy, forbidden, lockRow, type MutationArgsOf } from '@ntg/subgraph-kit';
import { communes, findCommune } from '@ntg/admin-units';
import { households, livelihoodModels } from './src/db/schema';
import type { DolisaContext } from './src/context';
import type { MutationResolvers } from './src/generated/types';

/**
 * Who may change and read what in DOLISA's part of the graph. Every mutation is written by DOLISA officers
 * inside their area: the area is the commune of the record the mutation touches, read and locked inside the
 * write's transaction, so a household moved meanwhile cannot be written by an officer of its old commune.
 */

/** A commune named in the input: an unknown code is the caller's mistake (BAD_USER_INPUT), not a denial. */
function namedCommune(code: string, field: string): string {
  if (!findCommune(code)) throw badUserInput(`"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

async function householdCommune(tx: Db, id: string, field: string): Promise<string> {
  return (await lockRow(tx, households, households.id, id, 'household', field)).communeCode;
}

async function modelCommune(tx: Db, id: string, field: string): Promise<string> {
  return (await lockRow(tx, livelihoodModels, livelihoodModels.id, id, 'livelihood model', field)).communeCode;
}

const household = { write: 'DOLISA', entity: 'Household' } as const;
const model = { write: 'DOLISA', entity: 'LivelihoodModel' } as const;
const byModelId = { ...model, entityKey: (args: { id: string }) => args.id, area: (args: { id: string }, _: DolisaContext, tx: Db) => modelCommune(tx, args.id, 'id') };

export const policy = definePolicy<DolisaContext, MutationArgsOf<MutationResolvers>, Db>({
  mutations: {
    registerHousehold: { ...household, area: (args) => namedCommune(args.input.communeCode, 'input.communeCode') },
    updateHousehold: { ...household, entityKey: (args) => args.id, area: (args, _, tx) => householdCommune(tx, args.id, 'id') },
    // A move touches both communes: the officer's area must cover where the household leaves and where it goes.
    moveHousehold: { ...household, entityKey: (args) => args.id, area: async (args, _, tx) => [await householdCommune(tx, args.id, 'id'), namedCommune(args.toCommuneCode, 'toCommuneCode')] },
    dissolveHousehold: { ...household, entityKey: (args) => args.id, area: (args, _, tx) => householdCommune(tx, args.id, 'id') },
    recordAssessment: { write: 'DOLISA', entity: 'PovertyAssessment', entityKey: (args) => `${args.input.householdId}/${args.input.year}`, area: (args, _, tx) => householdCommune(tx, args.input.householdId, 'input.householdId') },
    correctAssessment: { write: 'DOLISA', entity: 'PovertyAssessment', entityKey: (args) => `${args.input.householdId}/${args.input.year}`, area: (args, _, tx) => householdCommune(tx, args.input.householdId, 'input.householdId') },
    proposeLivelihoodModel: { ...model, area: (args) => namedCommune(args.input.communeCode, 'input.communeCode') },
    approveLivelihoodModel: byModelId,
    startLivelihoodModel: byModelId,
    completeLivelihoodModel: byModelId,
    suspendLivelihoodModel: byModelId,
    enrollHousehold: { ...model, entityKey: (args) => `${args.modelId}/${args.householdId}`, area: (args, _, tx) => modelCommune(tx, args.modelId, 'modelId') },
    withdrawHousehold: { ...model, entityKey: (args) => `${args.modelId}/${args.householdId}`, area: (args, _, tx) => modelCommune(tx, args.modelId, 'modelId') },
    evaluateLivelihoodModel: { ...model, entityKey: (args) => args.input.modelId, area: (args, _, tx) => modelCommune(tx, args.input.modelId, 'input.modelId') },
    reviseModelBudget: byModelId,
    // Only through the gateway's report route (its service credential), for DOLISA officers of the whole province:
    // the snapshot is then always what the graph answered the officer.
    submitMonthlyReport: {
      write: 'DOLISA', entity: 'MonthlyReport', entityKey: (args) => args.month,
      area: (_, ctx) => {
        if (!ctx.reportCredential) throw forbidden('submitMonthlyReport is called by the report route only: POST /reports/monthly/<YYYY-MM>/submit');
        return communes.map((c) => c.code);
      },
    },
  },
  personal: {
    'Household.headName': { communeOf: (h: { communeCode: string }) => h.communeCode },
    'Household.headIdNumber': { communeOf: (h: { communeCode: string }) => h.communeCode },
  },
  restricted: {
    'Query.dolisaAuditLog': { departments: ['DOLISA'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
});

/**
 * The annual-review file upload (POST /imports/reviews, src/imports/http.ts): DOLISA officers; every row must lie
 * in the officer's area (rows outside it are reported, and nothing is written).
 */
export const reviewImportPolicy = { write: 'DOLISA', roles: ['officer'] } as const satisfies { write: 'DOLISA'; roles: readonly ['officer'] };
