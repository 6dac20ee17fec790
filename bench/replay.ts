// Baseline (b) for a query that spans subgraphs: the fetches of its query plan, recorded once from our gateway,
// sent to the subgraphs one after another with the caller's token over keep-alive connections. No parsing,
// validation, planning or merging: the floor any gateway pays for the subgraphs' own work plus one hop.
// Run by bench/run.ts as its own process: REPLAY_FILE (a JSON object: scenario -> [{ url, body }]), PORT.
// POST /<scenario> replays that scenario's fetches and answers with the last subgraph's JSON.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Fetch { url: string; body: string }
const plans = JSON.parse(readFileSync(process.env.REPLAY_FILE!, 'utf8')) as Record<string, Fetch[]>;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(fetch: Fetch, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(fetch.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(fetch.body), authorization } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(fetch.body);
  });
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    const plan = plans[(req.url ?? '/').slice(1)];
    if (!plan) { res.writeHead(404).end(); return; }
    try {
      let last = { status: 200, body: '{}' };
      for (const fetch of plan) {
        last = await send(fetch, req.headers.authorization ?? '');
        if (last.status !== 200) break;
      }
      res.writeHead(last.status, { 'content-type': 'application/json' }).end(last.body);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`replay: ready on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
