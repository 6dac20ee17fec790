import { randomUUID } from 'node:crypto';
import {
  lookupHousehold, lookupModel, notFound, type GraphClient, type HouseholdReference, type ModelReference,
} from '@ntg/subgraph-kit';

/** Other departments' entities a Front write needs: does this model or household exist, and in which commune. */
export interface Lookups {
  model(id: string): Promise<ModelReference | null>;
  household(id: string): Promise<HouseholdReference | null>;
}

/**
 * What a Front service needs besides its transaction: the lookups (through the graph for a mutation; the demo
 * programme for the seed, which runs before the graph is up) new record ids (random for a mutation,
 * numbered for the seed, so the demo data is the same on every machine), and whether the rows are synthetic.
 */
export interface FrontWriteEnv {
  readonly lookups: Lookups;
  newId(prefix: string): string;
  /** Whether what is written is synthetic demo data (the seed) rather than a real record. */
  readonly synthetic: boolean;
}

/** A random opaque id: "SV-3F9A0C12B7DE". */
export function randomId(prefix: string): string {
  return `${prefix}-${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;
}

/**
 * Lookups through the graph with the caller's token, each asked at most once per request (the policy's area
 * check and the service ask the same question): `cache` is request-scoped (the request's loaders hold it).
 */
export function graphLookups(graph: GraphClient, cache: Map<string, Promise<unknown>>): Lookups {
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let answer = cache.get(key) as Promise<T> | undefined;
    if (!answer) cache.set(key, (answer = load()));
    return answer;
  };
  return {
    model: (id) => once(`model:${id}`, () => lookupModel(graph, id)),
    household: (id) => once(`household:${id}`, () => lookupHousehold(graph, id)),
  };
}

/** DOLISA's model, or NOT_FOUND naming `field`. */
export async function requireModel(lookups: Lookups, id: string, field: string): Promise<ModelReference> {
  const model = await lookups.model(id);
  if (!model) throw notFound(`No livelihood model with id "${id}"`, field);
  return model;
}

/** DOLISA's household, or NOT_FOUND naming `field`. */
export async function requireHousehold(lookups: Lookups, id: string, field: string): Promise<HouseholdReference> {
  const household = await lookups.household(id);
  if (!household) throw notFound(`No household with id "${id}"`, field);
  return household;
}

/** The request context parts a mutation's env is built from. */
interface RequestParts {
  readonly graph: GraphClient;
  readonly loaders: { readonly lookupCache: Map<string, Promise<unknown>> };
}

/** The env of a mutation: lookups through the graph with the caller's token, random ids, real records. */
export function requestEnv(ctx: RequestParts): FrontWriteEnv {
  return { lookups: requestLookups(ctx), newId: randomId, synthetic: false };
}

/** The request's lookups (the policy's area checks use them too, so each question is asked once). */
export function requestLookups(ctx: RequestParts): Lookups {
  return graphLookups(ctx.graph, ctx.loaders.lookupCache);
}
