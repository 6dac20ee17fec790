import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Requests received on the GraphQL path so far (tests show that a refused query reached no subgraph). */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Extra HTTP routes beside the GraphQL path (an explorer page, downloads): resolves true when it answered the
 * request, false to let the server go on. Checked after /health and before the GraphQL path.
 */
export type Routes = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;

export interface ServeOptions<TContext extends BaseContext> {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  path?: string;
  /** Builds the per-request context (loaders, caller); a thrown error becomes the HTTP answer. */
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Readiness facts for GET /health; `ready: false` answers 503. */
  health?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /**
   * Largest answer sent, in bytes (GRAPH_MAX_RESPONSE_BYTES, default 32 MB): a backstop behind the query limits, so
   * no single answer, however it came to be, fills the network or the client; a larger one becomes an error.
   */
  maxResponseBytes?: number;
  routes?: Routes;
  /** How long close() lets in-flight requests finish before cutting their connections; default 10 s. */
  shutdownGraceMs?: number;
}

/** A request body over the route's limit; the server answers 413. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/**
 * The request body as bytes, refusing (BodyTooLarge) a body over `limit`. The rest of an over-large body is read
 * and dropped (up to 64 times the limit) before the refusal, so the client receives the 413 instead of a reset
 * connection; beyond that the connection is cut.
 */
export async function readBodyBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit * 64) {
      request.destroy();
      break;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new BodyTooLarge(limit);
  return Buffer.concat(chunks);
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(request, limit)).toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * Serves an Apollo Server over node:http with GET /health beside the GraphQL path. A small adapter of our own
 * rather than a web framework: the graph needs nothing more, and health must answer without a token.
 */
export async function serveGraphQL<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: ServeOptions<TContext>,
): Promise<RunningServer> {
  const path = options.path ?? '/graphql';
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const maxResponseBytes = options.maxResponseBytes ?? (Number(process.env.GRAPH_MAX_RESPONSE_BYTES) || 32 * 1024 * 1024);
  await apollo.start();
  let graphqlRequests = 0;
  let closing = false;

  const server = createServer(async (request, response) => {
    // While closing, answer what already arrived but let the client open a new connection for anything else.
    if (closing) response.setHeader('connection', 'close');
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/health') {
        // Readiness: facts with `ready: false` (a database or every subgraph not answering) make it a 503.
        const facts = (await options.health?.()) ?? {};
        const ready = facts.ready !== false;
        sendJson(response, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', ...facts });
        return;
      }
      if (options.routes && (await options.routes(request, response, url))) return;
      if (url.pathname !== path) {
        sendJson(response, 404, { error: `Not found: the graph is at ${path}` });
        return;
      }
      graphqlRequests += 1;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      if (request.method === 'POST') {
        const text = await readBody(request, maxBodyBytes);
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          sendJson(response, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(request),
      });
      for (const [key, value] of result.headers) response.setHeader(key, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        const size = Buffer.byteLength(result.body.string);
        if (size > maxResponseBytes) {
          sendJson(response, 200, { errors: [{
            message: `The answer would be ${size} bytes; at most ${maxResponseBytes} are sent: ask for smaller pages (first) or fewer fields`,
            extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'response size', actual: size, max: maxResponseBytes },
          }] });
          return;
        }
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(response, 413, { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      // Never leak internals (stack traces, SQL) to the caller; the server log keeps them.
      console.error(error);
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  });
  // Node closes idle keep-alive sockets after 5 s; a client whose event loop was busy longer (a loaded machine, a
  // proxy with a 60 s idle timeout) then reuses a socket the server already closed and gets ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    port,
    requests: () => graphqlRequests,
    /** Graceful: stops accepting, drops idle keep-alive connections, waits for in-flight requests (bounded). */
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive connection turns idle when its last response is sent; close each as soon as it does.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      try {
        await closed;
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
      }
      await apollo.stop();
    },
  };
}
