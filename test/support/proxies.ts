import { Agent, createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { StatementCounter } from '@ntg/db';

/**
 * Counters for a graph whose services run in processes of their own (GRAPH_LAYOUT=split): what the in-process
 * layout reads from the subgraphs' own objects (requests received, SQL statements run) is counted here on the
 * wire, by a proxy the test process puts between the caller and the service.
 */

export interface CountingProxy {
  /** host:port of the proxy on 127.0.0.1. */
  readonly port: number;
  close(): Promise<void>;
}

export interface HttpCountingProxy extends CountingProxy {
  /** The target URL with the proxy's port in place of the target's. */
  readonly url: string;
  /** Requests to /graphql so far (any method), as the kit's HTTP adapter counts them. */
  requests(): number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

/** An HTTP reverse proxy on a free port in front of `target` (an http:// URL) that counts GraphQL requests. */
export async function startHttpCountingProxy(target: string): Promise<HttpCountingProxy> {
  const upstream = new URL(target);
  const graphqlPath = upstream.pathname;
  // Idle upstream connections are dropped well before the service's own 65 s keep-alive ends.
  const agent = new Agent({ keepAlive: true, timeout: 30_000 });
  let count = 0;
  const server = createHttpServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://proxy').pathname === graphqlPath) count += 1;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: endToEndHeaders(request.headers), agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(response);
      },
    );
    // A service that is down looks to the caller like a service that is down: the connection is cut.
    forwarded.once('error', () => response.destroy());
    request.pipe(forwarded);
  });
  // Longer than the callers' own keep-alive, as the services do: a reused connection is never being closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = await listen(server);
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    requests: () => count,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface PostgresCountingProxy extends CountingProxy {
  /** The database URL with the proxy's host and port: give it to the service. */
  readonly url: string;
  /** The statements the service ran, counted like the in-process StatementCounter (drizzle's query log). */
  readonly statements: StatementCounter;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/**
 * A TCP proxy in front of a PostgreSQL server that reads the frontend side of the wire protocol and counts the
 * statements a client runs: each Execute (extended protocol) and each simple Query. What drizzle's query log does
 * not see is left out, so the count equals the in-process one: transaction control (begin, commit, savepoints)
 * and the driver's own catalogue queries when it opens a connection (postgres.js asks pg_type for array types).
 */
export async function startPostgresCountingProxy(databaseUrl: string): Promise<PostgresCountingProxy> {
  const target = new URL(databaseUrl);
  const targetPort = Number(target.port || 5432);
  const statements = new StatementCounter();
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const backend = connect(targetPort, target.hostname);
    sockets.add(client);
    sockets.add(backend);
    const reader = new FrontendReader((sql) => {
      if (!IGNORED.test(sql)) statements.record(sql);
    });
    client.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      backend.write(chunk);
    });
    backend.pipe(client);
    const end = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('close', end);
    backend.on('close', end);
    client.on('error', end);
    backend.on('error', end);
    client.on('end', () => backend.end());
  });
  const port = await listen(server);
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    statements,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const IGNORED = /^\s*(begin|commit|rollback|savepoint|release|start transaction)\b|\bfrom pg_catalog\.pg_type\b/i;

/** Splits the client's byte stream into protocol messages and reports the SQL of each statement executed. */
class FrontendReader {
  private buffer: Buffer = Buffer.alloc(0);
  private startup = true;
  private failed = false;
  /** Prepared statement name -> SQL, portal name -> statement name: Execute names only a portal. */
  private readonly prepared = new Map<string, string>();
  private readonly portals = new Map<string, string>();

  constructor(private readonly onStatement: (sql: string) => void) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.drain();
    } catch {
      // A stream we cannot read (TLS after an accepted SSLRequest): stop counting rather than break the connection.
      this.failed = true;
    }
  }

  private drain(): void {
    for (;;) {
      if (this.startup) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        this.buffer = this.buffer.subarray(length);
        if (code === CANCEL_REQUEST) { this.failed = true; return; }
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) this.startup = false;
        continue;
      }
      if (this.buffer.length < 5) return;
      const type = String.fromCharCode(this.buffer[0]!);
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const body = this.buffer.subarray(5, 1 + length);
      this.buffer = this.buffer.subarray(1 + length);
      this.message(type, body);
    }
  }

  private message(type: string, body: Buffer): void {
    if (type === 'Q') {
      this.onStatement(cstring(body, 0).text);
    } else if (type === 'P') {
      const name = cstring(body, 0);
      this.prepared.set(name.text, cstring(body, name.next).text);
    } else if (type === 'B') {
      const portal = cstring(body, 0);
      this.portals.set(portal.text, cstring(body, portal.next).text);
    } else if (type === 'E') {
      const portal = cstring(body, 0).text;
      this.onStatement(this.prepared.get(this.portals.get(portal) ?? '') ?? '');
    }
  }
}

function cstring(buffer: Buffer, from: number): { text: string; next: number } {
  const end = buffer.indexOf(0, from);
  if (end < 0) throw new Error('malformed message');
  return { text: buffer.toString('utf8', from, end), next: end + 1 };
}

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
