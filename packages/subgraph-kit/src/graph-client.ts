import { serviceUnavailable } from '@ntg/errors';

/**
 * A small client for reading another department's entities through the graph at write time, with the caller's
 * own token: "does this model exist, which commune is it in". The answer is never guessed: if the graph cannot
 * be reached, or answers with an error, the write is refused with SERVICE_UNAVAILABLE.
 */
export interface GraphClient {
  /** Runs a query through the graph; resolves to its data, or throws SERVICE_UNAVAILABLE. */
  query<TData>(source: string, variables?: Record<string, unknown>): Promise<TData>;
}

export interface GraphClientOptions {
  /** The gateway's GraphQL URL, read when a request is made (the one-process launcher learns it late). */
  url: () => string | undefined;
  /** The caller's `Authorization` header, forwarded as it came. */
  authorization: string | undefined;
  /** Milliseconds before a lookup counts as unanswered; default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface GraphQLAnswer<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[];
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? fetch;
  return {
    async query<TData>(source: string, variables: Record<string, unknown> = {}): Promise<TData> {
      const url = options.url();
      if (!url) throw serviceUnavailable('The graph is not configured (GRAPH_URL): another department\'s data cannot be checked now');
      let answer: GraphQLAnswer<TData>;
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
          body: JSON.stringify({ query: source, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        answer = (await response.json()) as GraphQLAnswer<TData>;
      } catch {
        throw serviceUnavailable('The graph did not answer: another department\'s data cannot be checked now; try again later');
      }
      // NOT_FOUND on a looked-up entity is an answer ("there is none"); anything else means we could not decide.
      const failures = (answer.errors ?? []).filter((e) => e.extensions?.code !== 'NOT_FOUND');
      if (failures.length > 0 || !answer.data) {
        const failure = failures[0];
        const service = failure?.extensions?.serviceName;
        throw serviceUnavailable(
          `The graph could not answer${service ? ` (the ${service} subgraph)` : ''}: ${failure?.message ?? 'no data'}; try again later`,
          service,
        );
      }
      return answer.data;
    },
  };
}

/** A livelihood model as another department needs to know it at write time (DOLISA owns the registry). */
export interface ModelReference {
  id: string;
  communeCode: string;
  status: string;
}

/** A household as another department needs to know it at write time (DOLISA owns the registry). */
export interface HouseholdReference {
  id: string;
  communeCode: string;
}

/** DOLISA's livelihood model by id through the graph; null when there is none. */
export async function lookupModel(graph: GraphClient, id: string): Promise<ModelReference | null> {
  const data = await graph.query<{ livelihoodModel: { id: string; status: string; commune: { code: string } } | null }>(
    'query ModelForWrite($id: ID!) { livelihoodModel(id: $id) { id status commune { code } } }', { id },
  );
  const model = data.livelihoodModel;
  return model ? { id: model.id, status: model.status, communeCode: model.commune.code } : null;
}

/** DOLISA's household by id through the graph (no personal field); null when there is none. */
export async function lookupHousehold(graph: GraphClient, id: string): Promise<HouseholdReference | null> {
  const data = await graph.query<{ household: { id: string; commune: { code: string } } | null }>(
    'query HouseholdForWrite($id: ID!) { household(id: $id) { id commune { code } } }', { id },
  );
  const household = data.household;
  return household ? { id: household.id, communeCode: household.commune.code } : null;
}

/** Aliases per lookup request: well under the gateway's alias limit (GRAPH_MAX_ALIASES, default 30). */
const LOOKUP_CHUNK = 20;

/** Several households by id in a few requests (aliases, chunked); a map holding only those that exist. */
export async function lookupHouseholds(graph: GraphClient, ids: readonly string[]): Promise<Map<string, HouseholdReference>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, HouseholdReference>();
  for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
    const chunk = unique.slice(start, start + LOOKUP_CHUNK);
    const variables = Object.fromEntries(chunk.map((id, i) => [`id${i}`, id]));
    const source = `query HouseholdsForWrite(${chunk.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${chunk
      .map((_, i) => `h${i}: household(id: $id${i}) { id commune { code } }`).join(' ')} }`;
    const data = await graph.query<Record<string, { id: string; commune: { code: string } } | null>>(source, variables);
    for (const household of Object.values(data)) {
      if (household) found.set(household.id, { id: household.id, communeCode: household.commune.code });
    }
  }
  return found;
}
