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

export interface ServeOptions<TContext extends BaseContext> {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  path?: string;
  /** Builds the per-request context (loaders, caller); a thrown error becomes the HTTP answer. */
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Extra readiness facts for GET /health. */
  health?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
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
  await apollo.start();
  let graphqlRequests = 0;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/health') {
        sendJson(response, 200, { status: 'ok', ...(await options.health?.()) });
        return;
      }
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
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(response, 413, { errors: [{ message: `Request body exceeds ${maxBodyBytes} bytes`, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      // Never leak internals (stack traces, SQL) to the caller; the server log keeps them.
      console.error(error);
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  });

  // Keep idle connections well past a client's own keep-alive (undici: about 4 s), so a client never sends a
  // request on a socket the server is just closing (ECONNRESET when the event loop runs late under load).
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
