import { lookupHouseholds, lookupModel, notFound, type GraphClient, type HouseholdReference, type ModelReference } from '@ntg/subgraph-kit';

/**
 * DOLISA's entities as a write needs them: does this model exist and which commune is it in; do these households
 * exist. Read through the graph with the caller's token (never from a copy); the seed answers from the demo
 * programme instead. Unknown ids are NOT_FOUND naming the input field.
 */
export interface Lookups {
  model(id: string, field: string): Promise<ModelReference>;
  /** Every id must exist; the first unknown one is NOT_FOUND naming `${field}.${index}`. */
  households(ids: readonly string[], field: string): Promise<Map<string, HouseholdReference>>;
}

/** A request context as far as lookups need it: its graph client and its request-scoped loaders (the memo's key). */
export interface LookupContext {
  readonly graph: GraphClient;
  readonly loaders: object;
}

const memo = new WeakMap<object, Lookups>();

/**
 * The lookups of one request: the policy's area check and the service share the answer, so a write asks the graph
 * about its model once. Kept beside the request's loaders, so nothing is remembered from one request to the next.
 */
export function graphLookups(ctx: LookupContext): Lookups {
  const existing = memo.get(ctx.loaders);
  if (existing) return existing;
  const { graph } = ctx;
  const models = new Map<string, Promise<ModelReference | null>>();
  const lookups: Lookups = {
    async model(id, field) {
      let answer = models.get(id);
      if (!answer) models.set(id, (answer = lookupModel(graph, id)));
      const model = await answer;
      if (!model) throw notFound(`No livelihood model with id "${id}" in DOLISA's registry`, field);
      return model;
    },
    async households(ids, field) {
      if (ids.length === 0) return new Map();
      const found = await lookupHouseholds(graph, ids);
      const missing = ids.findIndex((id) => !found.has(id));
      if (missing >= 0) throw notFound(`No household with id "${ids[missing]}" in DOLISA's registry`, `${field}.${missing}`);
      return found;
    },
  };
  memo.set(ctx.loaders, lookups);
  return lookups;
}
