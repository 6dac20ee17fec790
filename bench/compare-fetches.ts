// `DATABASE_URL=… pnpm exec tsx bench/compare-fetches.ts`, DATABASE_URL pointing at the server that holds the
// bench's database ntg_bench_s1 (seeded by pnpm bench). Shows where the time between our gateway and Hive Gateway
// goes: for each read scenario, the subgraph fetches each gateway sends (recorded by proxies in front of the same
// subgraph processes), their sizes and representation counts, and each fetch's time alone.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { GATEWAY, startSplitGraph } from '@ntg/launcher';
import { readCommittedSupergraph } from '@ntg/gateway';
import { readScenarios } from './scenarios';
import { recordFetches, recordingProxies, type Fetch } from './record';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ANALYST = { department: 'PROVINCE', role: 'analyst', area: '58' } as const;

async function post(url: string, body: string, authorization: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  return response.json();
}

async function aloneMs(f: Fetch, authorization: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    await post(f.url, f.body, authorization);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[3]!;
}

function describe(f: Fetch): string {
  const body = JSON.parse(f.body) as { query: string; variables?: { representations?: unknown[] } };
  const reps = body.variables?.representations?.length;
  const selection = body.query.replace(/\s+/g, ' ').slice(0, 160);
  return `${f.service.padEnd(11)} ${String(f.body.length).padStart(6)} B ${reps === undefined ? '' : `${reps} representations `}| ${selection}`;
}

const env: NodeJS.ProcessEnv = { ...process.env, NTG_SEED: 'false', GRAPH_INTROSPECTION: 'false', NODE_ENV: 'production' };
if (!env.DATABASE_URL) {
  console.log('Set DATABASE_URL to the server holding ntg_bench_s1 (run pnpm bench once first).');
  process.exit(0);
}
const url = new URL(env.DATABASE_URL);
url.pathname = '/ntg_bench_s1';
env.DATABASE_URL = url.toString();
const graph = await startSplitGraph({ env, ports: 'free' });
const hiveChildren: ReturnType<typeof spawn>[] = [];
try {
  const analyst = `Bearer ${await graph.auth.dev!.mint(ANALYST)}`;
  const subgraphUrls = Object.fromEntries(graph.services.filter((s) => s !== GATEWAY).map((s) => [s, graph.urls[s]!]));
  const scenarios = readScenarios(root);
  const ours = await recordFetches(subgraphUrls, graph.auth.verifier, scenarios.map((s) => ({ name: s.name, body: JSON.stringify({ query: s.query, variables: s.variables }), authorization: analyst })));

  const proxies = await recordingProxies(subgraphUrls);
  let supergraph = readCommittedSupergraph();
  for (const [name, proxied] of Object.entries(proxies.urls)) supergraph = supergraph.replace(new RegExp(`(join__graph\\(name: "${name}", url: ")[^"]+`), `$1${proxied}`);
  const dir = mkdtempSync(join(tmpdir(), 'ntg-compare-'));
  writeFileSync(join(dir, 'supergraph.graphql'), supergraph);
  const tsx = pathToFileURL(createRequire(join(root, 'packages', 'launcher', 'package.json')).resolve('tsx')).href;
  const hive = spawn(process.execPath, ['--import', tsx, join(root, 'bench', 'hive.ts')], { cwd: root, env: { ...process.env, SUPERGRAPH_FILE: join(dir, 'supergraph.graphql'), PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  hiveChildren.push(hive);
  const hivePort = await new Promise<string>((resolve) => createInterface({ input: hive.stdout! }).on('line', (line) => { const m = /ready on (\d+)/.exec(line); if (m) resolve(m[1]!); }));
  const theirs: Record<string, Fetch[]> = {};
  for (const s of scenarios) {
    proxies.take();
    await post(`http://127.0.0.1:${hivePort}/graphql`, JSON.stringify({ query: s.query, variables: s.variables }), analyst);
    theirs[s.name] = proxies.take();
  }
  await proxies.close();

  for (const s of scenarios) {
    for (const [who, fetches] of [['our gateway', ours[s.name]!], ['Hive Gateway', theirs[s.name]!]] as const) {
      let total = 0;
      console.log(`\n${s.name}, ${who}: ${fetches.length} fetches`);
      for (const f of fetches) {
        const ms = await aloneMs(f, analyst);
        total += ms;
        console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${describe(f)}`);
      }
      console.log(`  ${total.toFixed(1).padStart(7)} ms  in all, one after another`);
    }
  }
  writeFileSync(join(root, 'bench', 'last-fetches.json'), JSON.stringify({ ours, theirs }, null, 2));
} finally {
  for (const child of hiveChildren) child.kill('SIGTERM');
  await graph.stop();
}
