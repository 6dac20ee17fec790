import type { Commune, District, Province } from '@ntg/admin-units';
import type { LivelihoodModelStatus } from '../generated/types';

/**
 * DOLISA's facts about one livelihood model as @requires hands them to Finance with an entity reference. They
 * live only for the request: Finance keeps no copy, so a revised budget or a completed model shows at once.
 */
export interface ModelFacts {
  id: string;
  status: LivelihoodModelStatus;
  endDate: string;
  plannedBudget: number;
}

/** A unit as Finance's resolvers receive it: the shared reference data, plus DOLISA's model facts when required. */
export type ProvinceWithFacts = Province & { modelStatuses?: readonly ModelFacts[] };
export type DistrictWithFacts = District & { modelStatuses?: readonly ModelFacts[] };
export type CommuneWithFacts = Commune & { modelStatuses?: readonly ModelFacts[] };

/** DOLISA's model as Finance receives it: its id, plus status, end and planned budget when `funding` is asked. */
export interface ModelReference {
  id: string;
  status?: LivelihoodModelStatus;
  endDate?: string;
  plannedBudget?: number;
}

/** A model reference from a representation: facts are kept when the gateway sent them (JSON: the budget a number). */
export function modelReference(ref: { id: string; status?: unknown; endDate?: unknown; plannedBudget?: unknown }): ModelReference {
  return {
    id: ref.id,
    ...(typeof ref.status === 'string' ? { status: ref.status as LivelihoodModelStatus } : {}),
    ...(typeof ref.endDate === 'string' ? { endDate: ref.endDate } : {}),
    ...(ref.plannedBudget != null ? { plannedBudget: Number(ref.plannedBudget) } : {}),
  };
}

/** The facts a unit reference came with (modelStatuses through @requires), if any. */
export function unitFacts(ref: object): readonly ModelFacts[] | undefined {
  const facts = (ref as { modelStatuses?: readonly { id: string; status: LivelihoodModelStatus; endDate: string; plannedBudget: unknown }[] }).modelStatuses;
  return facts?.map((f) => ({ id: f.id, status: f.status, endDate: f.endDate, plannedBudget: Number(f.plannedBudget) }));
}

/** The facts of a model reference, or null when the representation came without them (outside the gateway). */
export function factsOf(model: ModelReference): ModelFacts | null {
  if (model.status === undefined || model.endDate === undefined || model.plannedBudget === undefined) return null;
  return { id: model.id, status: model.status, endDate: model.endDate, plannedBudget: model.plannedBudget };
}
