// Per-request work of the gateway done once instead: connections to the subgraphs kept alive in one pool, and the
// query limits of a document measured once per document and variables. Measured by `pnpm bench` (docs/PERFORMANCE.md).
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { checkLimits, measureOperation, type QueryLimits } from '@ntg/subgraph-kit';
import { GraphQLError, type DocumentNode } from 'graphql';

/** The subset of the fetch API @apollo/gateway's RemoteGraphQLDataSource calls its fetcher with. */
interface FetchInit {
  method?: string;
  headers?: Iterable<[string, string]> | Record<string, string>;
  body?: string;
}

/** The name and value pairs of a fetch's headers, given as a Headers-like iterable or a plain object. */
function headerEntries(given: FetchInit['headers'] = {}): Iterable<[string, string]> {
  return Symbol.iterator in given ? (given as Iterable<[string, string]>) : Object.entries(given);
}

/**
 * A fetcher for @apollo/gateway over node:http with keep-alive agents: one pool of open connections per subgraph,
 * reused by every request, where the default (make-fetch-happen) adds its cache and retry layers to every call.
 * Answers are read whole (subgraph answers are JSON the gateway parses anyway) and handed over as a WHATWG Response.
 */
export function keepAliveFetcher(options: { maxSockets?: number } = {}) {
  const agents = {
    http: new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 128, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 128, scheduling: 'lifo' }),
  };
  const fetcher = (input: string, init: FetchInit = {}): Promise<Response> => new Promise((resolve, reject) => {
    const url = new URL(input);
    const https = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    for (const [name, value] of headerEntries(init.headers)) headers[name.toLowerCase()] = value;
    const body = init.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    const req = (https ? httpsRequest : httpRequest)({
      protocol: url.protocol, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`,
      method: init.method ?? 'POST', headers, agent: https ? agents.https : agents.http,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 502;
        // Response refuses a body on 204/304; keep the rest as they came.
        const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers: toHeaders(res.headers) }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  return Object.assign(fetcher, { close: () => { agents.http.destroy(); agents.https.destroy(); } });
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** A subgraph answer read whole, so several callers can each be handed a Response of their own. */
interface BufferedAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

/** Whether a fetch body @apollo/gateway sends (`{"query":…}` first) is a query, never a mutation. */
function isQueryBody(body: string): boolean {
  if (body.startsWith('{"query":"query') || body.startsWith('{"query":"{')) return true;
  if (body.startsWith('{"query":"mutation') || body.startsWith('{"query":"subscription')) return false;
  try {
    return /^\s*(query\b|\{)/.test(String((JSON.parse(body) as { query?: unknown }).query ?? ''));
  } catch {
    return false;
  }
}

/**
 * Identical subgraph queries in flight at the same moment are sent once and the answer shared: same subgraph URL,
 * same headers (so the same caller's token), same body. A dashboard opened by many screens of one account, or one
 * caller's retries, then cost the subgraph one request. Never for mutations; nothing is kept once the answer is in,
 * so it is not a cache. Hive Gateway does the same by default (deduplicateInflightRequests).
 */
export function deduplicatingFetcher<F extends (input: string, init?: FetchInit) => Promise<Response>>(send: F): (input: string, init?: FetchInit) => Promise<Response> {
  const inFlight = new Map<string, Promise<BufferedAnswer>>();
  return (input, init = {}) => {
    const body = init.body;
    if (typeof body !== 'string' || (init.method ?? 'POST') !== 'POST' || !isQueryBody(body)) return send(input, init);
    const headers = [...headerEntries(init.headers)].map(([name, value]) => `${name.toLowerCase()}:${value}`).sort();
    const key = `${input}\n${headers.join('\n')}\n\n${body}`;
    let answer = inFlight.get(key);
    if (!answer) {
      answer = send(input, init).then(async (response) => ({
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: response.status === 204 || response.status === 304 ? null : await response.arrayBuffer(),
      }));
      inFlight.set(key, answer);
      const forget = () => { if (inFlight.get(key) === answer) inFlight.delete(key); };
      answer.then(forget, forget);
    }
    return answer.then((a) => new Response(a.body, { status: a.status, statusText: a.statusText, headers: a.headers }));
  };
}

const MAX_VARIANTS_PER_DOCUMENT = 64;

/**
 * queryLimitsPlugin with the measure of each document kept: Apollo Server hands the same parsed DocumentNode for the
 * same query text (its document store), so the limits of a saved query are computed on its first request and
 * looked up after that. The cost can depend on the variables (`first: $n`), so the key is the operation and the
 * variables; a document keeps at most 64 variants (then measures again without keeping).
 */
export function cachedQueryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  const measured = new WeakMap<DocumentNode, Map<string, GraphQLError | null>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          let variants = measured.get(document);
          if (!variants) measured.set(document, (variants = new Map()));
          const key = `${operation.name?.value ?? ''}|${JSON.stringify(request.variables ?? {})}`;
          let error = variants.get(key);
          if (error === undefined) {
            error = checkLimits(measureOperation(schema, document, operation, request.variables ?? {}, limits), limits) ?? null;
            if (variants.size < MAX_VARIANTS_PER_DOCUMENT) variants.set(key, error);
          }
          // A fresh error each time: Apollo Server adds to the error it is handed.
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions } });
        },
      };
    },
  };
}
