import { lookupHousehold, lookupModel, type GraphClient, type HouseholdReference, type ModelReference } from '@ntg/subgraph-kit';

/**
 * What Finance's writes need to know of DOLISA's records: does the model or household exist, which commune is it
 * in. Read through the graph with the caller's token (never DOLISA's tables); the seed answers from the shared demo
 * programme instead.
 */
export interface DolisaRecords {
  model(id: string): Promise<ModelReference | null>;
  household(id: string): Promise<HouseholdReference | null>;
}

/**
 * Request-scoped: each id is looked up once per request, so the policy's area decision and the service share one
 * answer (and one round trip). A failed lookup stays failed for the request: the write is refused, never guessed.
 */
export function createDolisaLookups() {
  const models = new Map<string, Promise<ModelReference | null>>();
  const households = new Map<string, Promise<HouseholdReference | null>>();
  const once = <T>(cache: Map<string, Promise<T>>, id: string, load: () => Promise<T>) => {
    let answer = cache.get(id);
    if (!answer) cache.set(id, (answer = load()));
    return answer;
  };
  return {
    through(graph: GraphClient): DolisaRecords {
      return {
        model: (id) => once(models, id, () => lookupModel(graph, id)),
        household: (id) => once(households, id, () => lookupHousehold(graph, id)),
      };
    },
  };
}
