// Records the subgraph fetches our gateway makes for one request: baseline (b) replays them without a gateway.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '@ntg/gateway';
import type { TokenVerifier } from '@ntg/subgraph-kit';

export interface Fetch {
  /** The subgraph's own URL. */
  url: string;
  body: string;
  service: string;
}

/**
 * A recording proxy in front of every subgraph: `urls` are the proxies' own, each request is forwarded unchanged and
 * kept (in arrival order) until `take()` hands the ones since the last take over.
 */
export async function recordingProxies(subgraphUrls: Record<string, string>): Promise<{ urls: Record<string, string>; take(): Fetch[]; close(): Promise<void> }> {
  let current: Fetch[] = [];
  const proxies: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [service, url] of Object.entries(subgraphUrls)) {
    const target = new URL(url);
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        current.push({ url, body, service });
        const forward = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', () => res.writeHead(502).end());
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxies.push(proxy);
    urls[service] = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
  }
  return {
    urls,
    take() {
      const taken = current;
      current = [];
      return taken;
    },
    async close() {
      await Promise.all(proxies.map((proxy) => new Promise((resolve) => proxy.close(resolve))));
    },
  };
}

/**
 * Puts a recording proxy in front of every subgraph, starts a gateway of ours on them (same supergraph, same code as
 * the gateway process), sends each request once and returns the fetches in the order the gateway sent them.
 */
export async function recordFetches(
  subgraphUrls: Record<string, string>,
  verifier: TokenVerifier,
  requests: { name: string; body: string; authorization: string }[],
): Promise<Record<string, Fetch[]>> {
  const proxies = await recordingProxies(subgraphUrls);
  const gateway = await startGateway({ subgraphUrls: proxies.urls, port: 0, host: '127.0.0.1', auth: verifier, introspection: false });
  const recorded: Record<string, Fetch[]> = {};
  try {
    for (const r of requests) {
      proxies.take();
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: r.authorization }, body: r.body });
      const json = (await response.json()) as { errors?: unknown[] };
      if (json.errors) throw new Error(`recording ${r.name}: the gateway answered with errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
      recorded[r.name] = proxies.take();
    }
  } finally {
    await gateway.close();
    await proxies.close();
  }
  return recorded;
}
