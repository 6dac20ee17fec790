import { findCommune, findDistrict, findProvince, type Commune, type District, type Province } from '@ntg/admin-units';
import type { LivelihoodModelStatus } from './generated/types';

/**
 * What the gateway hands Agriculture about other departments' entities: their keys, plus the DOLISA facts its
 * fields `@requires` (argument-free fields, read at query time; never stored here).
 */

/** One of DOLISA's modelStatuses, as far as Agriculture selects it. */
export interface ModelStatusFact {
  id: string;
  status: LivelihoodModelStatus;
  startDate: string;
  endDate: string;
}

/** A unit with DOLISA's models of it, when the field being resolved required them. */
export interface UnitFacts {
  readonly modelStatuses?: readonly ModelStatusFact[];
}

export type ProvinceParent = Province & UnitFacts;
export type DistrictParent = District & UnitFacts;
export type CommuneParent = Commune & UnitFacts;

/** DOLISA's LivelihoodModel by id, with its current participants when technicalSupports required them. */
export interface ModelParent {
  readonly id: string;
  readonly participants?: readonly { household: { id: string } }[];
}

/** DOLISA's Household by id, with its participations when technicalSupports required them. */
export interface HouseholdParent {
  readonly id: string;
  readonly livelihoodModels?: readonly { model: { id: string }; withdrawnOn?: string | null }[];
}

type UnitReference = { code: string } & UnitFacts;

/**
 * The shared unit resolvers return the reference unit alone; Agriculture's keep the modelStatuses the gateway
 * sent along, which agricultureSupport reads.
 */
function withFacts<U>(unit: U | undefined, ref: UnitReference): (U & UnitFacts) | null {
  return unit ? { ...unit, ...(ref.modelStatuses ? { modelStatuses: ref.modelStatuses } : {}) } : null;
}

export const unitReferenceResolvers = {
  Province: { __resolveReference: (ref: UnitReference): ProvinceParent | null => withFacts(findProvince(ref.code), ref) },
  District: { __resolveReference: (ref: UnitReference): DistrictParent | null => withFacts(findDistrict(ref.code), ref) },
  Commune: { __resolveReference: (ref: UnitReference): CommuneParent | null => withFacts(findCommune(ref.code), ref) },
};
