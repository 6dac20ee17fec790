import { auditDenials, definePolicy } from '@ntg/auth';
import { auditLog } from './src/db/schema';
import { findCommune } from '@ntg/admin-units';
import { badUserInput, notFound } from '@ntg/subgraph-kit';
import type { DolisaContext } from './src/context';

/**
 * Who may change and read what in DOLISA's part of the graph. Every mutation is written by DOLISA officers
 * inside their area: the area is the commune of the record the mutation touches.
 */
/** A commune named in the input: an unknown code is the caller's mistake (BAD_USER_INPUT), not a denial. */
function namedCommune(code: string, field: string): string {
  if (!findCommune(code)) throw badUserInput(`"${code}" is not a commune of Ninh Thuận`, field);
  return code;
}

async function householdCommune(id: string, ctx: DolisaContext, field: string): Promise<string> {
  const household = await ctx.loaders.householdById.load(id);
  if (!household) throw notFound(`No household with id "${id}"`, field);
  return household.communeCode;
}

async function modelCommune(id: string, ctx: DolisaContext, field: string): Promise<string> {
  const model = await ctx.loaders.modelById.load(id);
  if (!model) throw notFound(`No livelihood model with id "${id}"`, field);
  return model.communeCode;
}

const household = { write: 'DOLISA', entity: 'Household' } as const;
const model = { write: 'DOLISA', entity: 'LivelihoodModel' } as const;
const byModelId = { ...model, entityKey: (args: Record<string, any>) => args.id, area: (args: Record<string, any>, ctx: DolisaContext) => modelCommune(args.id, ctx, 'id') };

export const policy = definePolicy<DolisaContext>({
  mutations: {
    registerHousehold: { ...household, area: (args) => namedCommune(args.input.communeCode, 'input.communeCode') },
    updateHousehold: { ...household, entityKey: (args) => args.id, area: (args, ctx) => householdCommune(args.id, ctx, 'id') },
    // A move touches both communes: the officer's area must cover where the household leaves and where it goes.
    moveHousehold: { ...household, entityKey: (args) => args.id, area: async (args, ctx) => [await householdCommune(args.id, ctx, 'id'), namedCommune(args.toCommuneCode, 'toCommuneCode')] },
    dissolveHousehold: { ...household, entityKey: (args) => args.id, area: (args, ctx) => householdCommune(args.id, ctx, 'id') },
    recordAssessment: { write: 'DOLISA', entity: 'PovertyAssessment', entityKey: (args) => `${args.input.householdId}/${args.input.year}`, area: (args, ctx) => householdCommune(args.input.householdId, ctx, 'input.householdId') },
    correctAssessment: { write: 'DOLISA', entity: 'PovertyAssessment', entityKey: (args) => `${args.input.householdId}/${args.input.year}`, area: (args, ctx) => householdCommune(args.input.householdId, ctx, 'input.householdId') },
    proposeLivelihoodModel: { ...model, area: (args) => namedCommune(args.input.communeCode, 'input.communeCode') },
    approveLivelihoodModel: byModelId,
    startLivelihoodModel: byModelId,
    completeLivelihoodModel: byModelId,
    suspendLivelihoodModel: byModelId,
    enrollHousehold: { ...model, entityKey: (args) => `${args.modelId}/${args.householdId}`, area: (args, ctx) => modelCommune(args.modelId, ctx, 'modelId') },
    withdrawHousehold: { ...model, entityKey: (args) => `${args.modelId}/${args.householdId}`, area: (args, ctx) => modelCommune(args.modelId, ctx, 'modelId') },
    evaluateLivelihoodModel: { ...model, entityKey: (args) => args.input.modelId, area: (args, ctx) => modelCommune(args.input.modelId, ctx, 'input.modelId') },
  },
  personal: {
    'Household.headName': { communeOf: (h) => h.communeCode },
    'Household.headIdNumber': { communeOf: (h) => h.communeCode },
  },
  restricted: {
    'Query.dolisaAuditLog': { departments: ['DOLISA'], roles: ['officer', 'supervisor'], anyOf: [{ roles: ['supervisor'] }] },
  },
  onDenied: auditDenials(auditLog),
});
