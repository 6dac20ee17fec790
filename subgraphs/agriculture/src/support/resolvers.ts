import type DataLoader from 'dataloader';
import type { UnitLevel } from '@ntg/admin-units';
import { checkYear, notFound, writeScope } from '@ntg/subgraph-kit';
import type { AgricultureContext } from '../context';
import type { Resolvers, SupportReachFlag } from '../generated/types';
import { graphLookups } from '../lookups';
import type { HouseholdParent, ModelParent, UnitFacts } from '../units';
import type { ParticipantCheck, SupportRow, SupportView } from './loaders';
import { cancelTechnicalSupport, correctTechnicalSupport, recordTechnicalSupport } from './service';
import type { SupportSummaryView } from './summary';

/** Values of a loadMany, or its first error. */
async function loadAll<K, V>(loader: DataLoader<K, V, string>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  return values.map((v) => {
    if (v instanceof Error) throw v;
    return v;
  });
}

/** A unit's summary for a year: rollup figures, plus DOLISA's models of the unit for the flags. */
function agricultureSupportOf(level: UnitLevel) {
  return async (unit: { code: string } & UnitFacts, { year }: { year: number }, ctx: AgricultureContext): Promise<SupportSummaryView> => {
    checkYear(year);
    const figures = await ctx.loaders.supportFigures.load({ level, code: unit.code, year });
    const yearEnd = `${year}-12-31`;
    return { ...figures, level, code: unit.code, statuses: unit.modelStatuses ?? [], asOf: yearEnd < ctx.today ? yearEnd : ctx.today };
  };
}

/** The models of the summary's unit that count for offtake coverage, and which of them are covered. */
async function offtakeCoverageOf(summary: SupportSummaryView, ctx: AgricultureContext): Promise<{ eligible: number; covered: number }> {
  const from = `${summary.year}-01-01`;
  const until = `${summary.year}-12-31`;
  const eligible = summary.statuses.filter((m) => (m.status === 'ACTIVE' || m.status === 'COMPLETED') && m.startDate <= until && m.endDate >= from);
  const covered = await loadAll(ctx.loaders.offtakeCovered, eligible.map((m) => ({ modelId: m.id, year: summary.year })));
  return { eligible: eligible.length, covered: covered.filter(Boolean).length };
}

/** The events of a model as its participants (from DOLISA, at read time) let us flag the households they list. */
function participantsCheck(model: ModelParent): ParticipantCheck | undefined {
  if (!model.participants) return undefined;
  const ids = new Set(model.participants.map((p) => p.household.id));
  return (householdId) => ids.has(householdId);
}

/** Through a household: only its own participation is known (in the event's model, not withdrawn). */
function householdCheck(household: HouseholdParent, modelId: string): ParticipantCheck | undefined {
  if (!household.livelihoodModels) return undefined;
  const participant = household.livelihoodModels.some((p) => p.model.id === modelId && !p.withdrawnOn);
  return (householdId) => (householdId === household.id ? participant : null);
}

const view = (row: SupportRow, participantCheck?: ParticipantCheck): SupportView => (participantCheck ? { ...row, participantCheck } : row);

export const supportResolvers: Resolvers = {
  Query: {
    techniques: (_, __, ctx) => ctx.loaders.techniques.load('all'),
    technicalSupport: async (_, { id }, ctx) => {
      const row = await ctx.loaders.supportById.load(id);
      if (!row) throw notFound(`No technical support event with id "${id}"`, 'id');
      return row;
    },
  },
  Mutation: {
    recordTechnicalSupport: (_, { input }, ctx) => recordTechnicalSupport(writeScope(ctx), input, graphLookups(ctx)),
    correctTechnicalSupport: (_, args, ctx) => correctTechnicalSupport(writeScope(ctx), args, graphLookups(ctx)),
    cancelTechnicalSupport: (_, args, ctx) => cancelTechnicalSupport(writeScope(ctx), args),
  },
  Province: { agricultureSupport: agricultureSupportOf('PROVINCE') },
  District: { agricultureSupport: agricultureSupportOf('DISTRICT') },
  Commune: { agricultureSupport: agricultureSupportOf('COMMUNE') },
  AgricultureSupportSummary: {
    modelsWithoutSupport: async (summary, _, ctx) => {
      const active = summary.statuses.filter((m) => m.status === 'ACTIVE' && m.startDate <= summary.asOf);
      const supported = await loadAll(ctx.loaders.supportedInWindow, active.map((m) => ({ modelId: m.id, asOf: summary.asOf })));
      return active.filter((_, i) => !supported[i]).map((m) => ({ id: m.id })).sort((a, b) => a.id.localeCompare(b.id));
    },
    offtakeCoverage: async (summary, _, ctx) => {
      const { eligible, covered } = await offtakeCoverageOf(summary, ctx);
      return eligible === 0 ? null : covered / eligible;
    },
    offtakeEligibleModels: async (summary, _, ctx) => (await offtakeCoverageOf(summary, ctx)).eligible,
    offtakeCoveredModels: async (summary, _, ctx) => (await offtakeCoverageOf(summary, ctx)).covered,
    offtakeDeliveries: async (summary, _, ctx) => (await ctx.loaders.deliveryFigures.load(summary)).deliveries,
    offtakeValue: async (summary, _, ctx) => (await ctx.loaders.deliveryFigures.load(summary)).amount,
  },
  TechniqueReach: {
    technique: async (reach, _, ctx) => {
      const technique = await ctx.loaders.techniqueByCode.load(reach.techniqueCode);
      if (!technique) throw new Error(`support rollup names technique ${reach.techniqueCode}, which the reference list lacks`);
      return technique;
    },
  },
  TechnicalSupport: {
    model: (s) => ({ id: s.modelId }),
    date: (s) => s.supportDate,
    technique: (s, _, ctx) => (s.techniqueCode ? ctx.loaders.techniqueByCode.load(s.techniqueCode) : null),
    status: (s) => (s.cancelledOn ? 'CANCELLED' : 'RECORDED'),
    households: async (s, _, ctx) => (await ctx.loaders.supportHouseholds.load(s.id)).map(({ householdId }) => {
      const participant = s.participantCheck?.(householdId) ?? null;
      const flags: SupportReachFlag[] | null = participant === null ? null : participant ? [] : ['NOT_A_PARTICIPANT'];
      return { householdId, flags };
    }),
    history: (s, _, ctx) => ctx.loaders.supportVersions.load(s.id),
  },
  ReachedHousehold: {
    household: (r) => ({ id: r.householdId }),
  },
  TechnicalSupportVersion: {
    date: (v) => v.supportDate,
    recordedAt: (v) => v.recordedAt.toISOString(),
  },
  LivelihoodModel: {
    technicalSupports: async (model, { includeCancelled }, ctx) => {
      const check = participantsCheck(model);
      return (await ctx.loaders.modelSupports.load(model.id)).filter((s) => includeCancelled || !s.cancelledOn).map((s) => view(s, check));
    },
  },
  Household: {
    /** DOLISA's household by id; Agriculture has only the events that list it. */
    __resolveReference: (ref) => ref,
    technicalSupports: async (household, { year }, ctx) => {
      if (year != null) checkYear(year);
      const rows = await ctx.loaders.householdSupports.load(household.id);
      return rows.filter((s) => year == null || s.supportDate.startsWith(`${year}-`))
        .map(({ householdId: _, ...s }) => view(s, householdCheck(household, s.modelId)));
    },
  },
};
