// pnpm bench [--full] [--fresh] [--seconds N] [--no-pglite] [--no-profile]: the graph under load, every figure beside its baselines from the
// same run, written to docs/PERFORMANCE.md. Needs DATABASE_URL (a PostgreSQL server where it may create and drop
// scratch databases); without it the bench says so and exits 0. See docs/PERFORMANCE.md for what each column means.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import postgres from 'postgres';
import { readCommittedSupergraph } from '@ntg/gateway';
import { GATEWAY, startSplitGraph, type SplitGraph } from '@ntg/launcher';
import { buildServices } from '@ntg/launcher/build';
import { workspaceRoot } from '@ntg/subgraph-kit';
import { runHttp, runLoop, sampleRss, type Figures } from './load';
import { recordFetches, type Fetch } from './record';
import { COMMUNE, mutationMix, POOL_COMMUNES, POOL_QUERY, readScenarios, YEAR } from './scenarios';
import { openSqlBaseline } from './sql';
import { profileGateway, startGatewayProcess } from './profile';
import { writeReport, type BenchReport, type Run, type Setup } from './report';

const args = process.argv.slice(2);
const full = args.includes('--full');
const fresh = args.includes('--fresh');
const withPglite = !args.includes('--no-pglite');
const secondsArg = args.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 10;
const CONNECTIONS = [10, 50];
const root = workspaceRoot();

const ANALYST = { department: 'PROVINCE', role: 'analyst', area: '58', subject: 'bench-analyst' } as const;
const OFFICER = { department: 'DOLISA', role: 'officer', area: '58', subject: 'bench-dolisa-officer' } as const;

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** A helper process of the bench (Hive Gateway, the replayer): started with tsx, ready when it prints its port. */
async function startHelper(name: string, entry: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const tsx = pathToFileURL(createRequire(join(root, 'packages', 'launcher', 'package.json')).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'bench', entry)], { cwd: root, env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${output.join('\n')}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) while starting:\n${output.join('\n')}`)));
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const ready = /ready on (\d+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${ready[1]}` });
      }
    });
  });
}

async function stopHelper(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function post(url: string, body: string, authorization: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  return response.json();
}

interface SetupPlan {
  label: string;
  backend: 'postgres' | 'pglite';
  scale: number;
  /** Hive Gateway, the subgraphs direct and raw SQL beside our gateway (PostgreSQL); PGlite runs our gateway only. */
  baselines: boolean;
}

async function benchSetup(plan: SetupPlan): Promise<{ setup: Setup; runs: Run[] }> {
  log(`${plan.label}: creating the database and starting the graph (six processes, seeding scale ${plan.scale})`);
  // One database per backend and scale, kept between runs (seeding 1x takes minutes on a busy machine); --fresh starts over.
  const database = plan.backend === 'postgres' ? await benchDatabase(`ntg_bench_s${plan.scale}`) : undefined;
  const dataDir = plan.backend === 'pglite' ? join(root, '.data', `bench-pglite-s${plan.scale}`) : undefined;
  if (dataDir && fresh) rmSync(dataDir, { recursive: true, force: true });
  const seeded = database ? database.existed : existsSync(join(dataDir!, 'dolisa'));
  const env: NodeJS.ProcessEnv = { ...process.env, SEED_SCALE: String(plan.scale), NTG_SEED: 'true', GRAPH_INTROSPECTION: 'false', NODE_ENV: 'production' };
  for (const name of Object.keys(env)) if (/(^|_)DATABASE_URL$/.test(name)) delete env[name];
  if (database) env.DATABASE_URL = database.url;
  // The 10x seed generates 1.9 million households in the DOLISA process before it loads them with COPY.
  if (plan.scale > 2) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim();
  if (dataDir) env.NTG_DATA_DIR = dataDir;
  const helpers: ChildProcess[] = [];
  let graph: SplitGraph | undefined;
  let sqlBaseline: Awaited<ReturnType<typeof openSqlBaseline>> | undefined;
  const runs: Run[] = [];
  try {
    const onOutput = (service: string, line: string) => {
      if (/ready|seed/i.test(line)) log(`  ${service}: ${line.slice(0, 200)}`);
    };
    let started = performance.now();
    graph = await startSplitGraph({ env, ports: 'free', readyTimeoutMs: 60 * 60_000, onOutput });
    const firstStart = seeded ? undefined : (performance.now() - started) / 1000;
    log(`${plan.label}: ${firstStart === undefined ? `start on the database of an earlier run ${((performance.now() - started) / 1000).toFixed(1)} s` : `first start (migrations and seed) ${firstStart.toFixed(1)} s`}; restarting`);
    await graph.stop();
    started = performance.now();
    graph = await startSplitGraph({ env, ports: 'free', onOutput });
    const restart = (performance.now() - started) / 1000;
    log(`${plan.label}: restart ${restart.toFixed(1)} s (TypeScript through tsx, as pnpm start:split runs it)`);
    // As deployed: the services bundled to plain JavaScript (deploy/, build:services) and started with node alone.
    // The bundles run on PostgreSQL only; the load below then runs against them.
    let restartBuilt: number | undefined;
    if (plan.backend === 'postgres') {
      await graph.stop();
      const builtDir = mkdtempSync(join(tmpdir(), 'ntg-bench-built-'));
      const buildStarted = performance.now();
      await buildServices(builtDir);
      log(`${plan.label}: services bundled in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
      started = performance.now();
      graph = await startSplitGraph({ env, ports: 'free', onOutput, builtDir });
      restartBuilt = (performance.now() - started) / 1000;
      log(`${plan.label}: restart from the bundles ${restartBuilt.toFixed(1)} s`);
    }
    const g = graph;
    const pids = () => Object.fromEntries(g.services.map((s) => [s, g.pidOf(s)]));
    const idleRss = sampleRss(pids()).stop();

    const analyst = `Bearer ${await g.auth.dev!.mint(ANALYST)}`;
    const officer = `Bearer ${await g.auth.dev!.mint(OFFICER)}`;
    const reads = readScenarios(root);
    const answers: Record<string, unknown> = {};
    for (const s of reads) {
      const answer = await post(g.url, JSON.stringify({ query: s.query, variables: s.variables }), analyst);
      if (answer.errors || !answer.data) throw new Error(`${s.name}: our gateway answered with errors: ${JSON.stringify(answer.errors).slice(0, 800)}`);
      answers[s.name] = answer.data;
    }
    // Households with a 2024 review (corrections), those without a 2025 one first (new reviews: a reused database
    // already has the 2025 reviews of earlier runs).
    const idsOf = async (code: string, year: number, max: number) => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const answer = await post(g.url, JSON.stringify({ query: POOL_QUERY, variables: { code, year, after } }), officer);
        const page = answer.data?.commune?.households;
        if (!page) throw new Error(`households of ${code}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
        ids.push(...page.edges.map((e: any) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && ids.length < max);
      return ids;
    };
    const pool: string[] = [];
    const unreviewed: string[] = [];
    for (const code of POOL_COMMUNES) {
      const reviewed2025 = new Set(await idsOf(code, 2025, 20_000));
      const reviewed2024 = await idsOf(code, 2024, 1500);
      pool.push(...reviewed2024);
      unreviewed.push(...reviewed2024.filter((id) => !reviewed2025.has(id)));
    }
    if (pool.length < 100) throw new Error(`only ${pool.length} households with a 2024 review for the mutation mix`);
    const mix = mutationMix(pool, unreviewed, POOL_COMMUNES);
    for (let i = 0; i < 5; i++) {
      const answer = await post(g.url, mix.next(), officer);
      if (answer.errors) throw new Error(`mutation mix: ${JSON.stringify(answer.errors).slice(0, 800)}`);
    }

    // Targets: ours always; Hive Gateway, the subgraphs direct and raw SQL as baselines.
    type Target = { name: string; url: (scenario: string) => string | undefined };
    const targets: Target[] = [{ name: 'ours', url: () => g.url }];
    const notes: string[] = [];
    let hiveUrl: string | undefined;
    if (plan.baselines) {
      const requests = reads.map((s) => ({ name: s.name, body: JSON.stringify({ query: s.query, variables: s.variables }), authorization: analyst }));
      const subgraphUrls = Object.fromEntries(g.services.filter((s) => s !== GATEWAY).map((s) => [s, g.urls[s]!]));
      const recorded = await recordFetches(subgraphUrls, g.auth.verifier, requests);
      const sample = mix.next();
      recorded.mutation = [{ url: g.urls.dolisa!, body: sample, service: 'dolisa' }];
      for (const [name, fetches] of Object.entries(recorded)) {
        if (name === 'mutation') continue;
        // Each fetch alone, the median of 5, to show which subgraph the time goes to.
        const timed: string[] = [];
        for (const f of fetches) {
          const times: number[] = [];
          for (let i = 0; i < 5; i++) {
            const start = performance.now();
            await post(f.url, f.body, analyst);
            times.push(performance.now() - start);
          }
          times.sort((a, b) => a - b);
          timed.push(`${f.service} ${times[2]!.toFixed(0)} ms`);
        }
        notes.push(`${name}: ${fetches.length} subgraph fetch${fetches.length === 1 ? '' : 'es'}, each alone (median of 5): ${timed.join(' → ')}`);
      }
      const dir = mkdtempSync(join(tmpdir(), 'ntg-bench-'));
      let supergraph = readCommittedSupergraph();
      for (const [name, url] of Object.entries(subgraphUrls)) supergraph = supergraph.replace(new RegExp(`(join__graph\\(name: "${name}", url: ")[^"]+`), `$1${url}`);
      writeFileSync(join(dir, 'supergraph.graphql'), supergraph);
      writeFileSync(join(dir, 'replay.json'), JSON.stringify(Object.fromEntries(Object.entries(recorded).filter(([, f]) => f.length > 1))));
      const hive = await startHelper('hive-gateway', 'hive.ts', { SUPERGRAPH_FILE: join(dir, 'supergraph.graphql') });
      const replay = await startHelper('replay', 'replay.ts', { REPLAY_FILE: join(dir, 'replay.json') });
      helpers.push(hive.child, replay.child);
      // Both gateways send identical subgraph queries in flight at once only once (the bench sends one query with one
      // token from every connection, so this counts for much here); the same pair without it compares the rest.
      const hiveAlone = await startHelper('hive-gateway (no deduplication)', 'hive.ts', { SUPERGRAPH_FILE: join(dir, 'supergraph.graphql'), HIVE_DEDUPLICATE: 'false' });
      const oursAlone = await startGatewayProcess({ root, env: { ...env, GATEWAY_DEDUPLICATE: 'false' }, subgraphUrls });
      helpers.push(hiveAlone.child, oursAlone.child);
      targets.push({ name: 'ours-nodedup', url: (scenario) => (scenario === 'mutation' ? undefined : oursAlone.url) });
      targets.push({ name: 'hive-nodedup', url: (scenario) => (scenario === 'mutation' ? undefined : `${hiveAlone.url}/graphql`) });
      hiveUrl = `${hive.url}/graphql`;
      for (const s of reads) {
        const answer = await post(hiveUrl, JSON.stringify({ query: s.query, variables: s.variables }), analyst);
        const same = isDeepStrictEqual(answer.data, answers[s.name]);
        if (answer.errors || !same) notes.push(`${s.name}: Hive Gateway's answer ${answer.errors ? `has errors: ${JSON.stringify(answer.errors).slice(0, 300)}` : `differs from ours: ${firstDifference(answers[s.name], answer.data, 'data')}`}`);
        else notes.push(`${s.name}: Hive Gateway's answer equals ours`);
      }
      targets.push({ name: 'hive', url: () => hiveUrl });
      targets.push({
        name: 'direct',
        url: (scenario) => {
          const fetches = recorded[scenario] ?? [];
          return fetches.length === 1 ? fetches[0]!.url : fetches.length > 1 ? `${replay.url}/${scenario}` : undefined;
        },
      });
      // The direct body of a one-fetch query is the fetch the gateway sent (the same query, as the subgraph receives it).
      directBodies = Object.fromEntries(Object.entries(recorded).filter(([, f]) => f.length === 1).map(([name, f]) => [name, f[0]!.body]));
      // At most 40 connections: the five subgraphs hold pools on the same server (max_connections is often 100).
      sqlBaseline = await openSqlBaseline(database!.url, Math.min(40, Math.max(...CONNECTIONS)));
      await rmSyncQuiet(dir);
    }

    const processes = () => ({
      ...pids(),
      ...Object.fromEntries(['hive-gateway', 'replay', 'hive-gateway-nodedup', 'gateway-nodedup'].flatMap((name, i) => (helpers[i]?.pid ? [[name, helpers[i]!.pid!]] : []))),
    });
    const scenarios = [...reads.map((s) => ({ name: s.name, body: JSON.stringify({ query: s.query, variables: s.variables }) as string | (() => string), authorization: analyst })),
      { name: 'mutation', body: () => mix.next(), authorization: officer }];
    for (const scenario of scenarios) {
      for (const connections of CONNECTIONS) {
        for (const target of [...targets, ...(sqlBaseline ? [{ name: 'sql', url: () => undefined }] : [])]) {
          let figures: Figures | undefined;
          const sampler = sampleRss(processes());
          if (target.name === 'sql') {
            const job = sqlBaseline!.jobs[scenario.name];
            if (job) figures = await runLoop(connections, SECONDS, job);
          } else {
            const url = target.url(scenario.name);
            if (!url) { sampler.stop(); continue; }
            const body = target.name === 'direct' && directBodies[scenario.name] && typeof scenario.body === 'string' ? directBodies[scenario.name]! : scenario.body;
            const writesBefore = scenario.name === 'mutation' ? await sqlBaseline?.committedWrites() : undefined;
            figures = await runHttp({ url, connections, seconds: SECONDS, headers: { authorization: scenario.authorization }, body });
            if (writesBefore !== undefined) {
              const committed = (await sqlBaseline!.committedWrites()) - writesBefore;
              // Requests that answered without a committed write (a GraphQL error) count as failed.
              figures.failures += Math.max(0, figures.requests - committed);
            }
          }
          const rss = sampler.stop();
          if (!figures) continue;
          runs.push({ setup: plan.label, scenario: scenario.name, connections, target: target.name, ...figures, rss });
          log(`${plan.label} ${scenario.name} c=${connections} ${target.name}: p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.rps.toFixed(1)} req/s${figures.failures ? `, ${figures.failures} FAILED` : ''}`);
        }
      }
    }
    log(`${plan.label}: ${mix.used()} mutation bodies sent`);
    // Gateway overhead before/after (fast-path.ts off and on): an extra gateway process under --cpu-prof each time.
    const profiles: Setup['profiles'] = [];
    if (plan.baselines && plan.scale === 1 && !args.includes('--no-profile')) {
      const dashboard = reads.find((s) => s.name === 'dashboard')!;
      const subgraphUrls = Object.fromEntries(g.services.filter((s) => s !== GATEWAY).map((s) => [s, g.urls[s]!]));
      for (const fastPath of [false, true]) {
        const summary = await profileGateway({
          root, env, subgraphUrls, body: JSON.stringify({ query: dashboard.query, variables: dashboard.variables }), authorization: analyst,
          connections: 10, seconds: SECONDS, fastPath,
        });
        profiles.push({ fastPath, ...summary });
        log(`${plan.label} dashboard c=10 profiled gateway, fast path ${fastPath ? 'on' : 'off'}: p50 ${summary.figures.p50} ms, ${summary.figures.rps.toFixed(1)} req/s, `
          + `gateway CPU ${summary.cpuMsPerRequest.toFixed(1)} ms per request`);
      }
    }
    const setup: Setup = { label: plan.label, backend: plan.backend, scale: plan.scale, firstStart, restart, restartBuilt, idleRss, notes, profiles };
    return { setup, runs };
  } finally {
    await sqlBaseline?.close();
    for (const child of helpers) await stopHelper(child);
    await graph?.stop();
  }
}

/** The bench's database on the DATABASE_URL server, created when missing (or dropped first with --fresh). */
async function benchDatabase(name: string): Promise<{ url: string; existed: boolean }> {
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    if (fresh) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    const [row] = await admin`select 1 as found from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database "${name}"`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return { url: url.toString(), existed: !!row };
  } finally {
    await admin.end();
  }
}

/** Where two JSON answers first differ, for the report. */
function firstDifference(a: unknown, b: unknown, path: string): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${path}.${key}`);
      if (found) return found;
    }
    return `${path}: same entries in another order`;
  }
  return `${path}: ours ${JSON.stringify(a)?.slice(0, 80)}, theirs ${JSON.stringify(b)?.slice(0, 80)}`;
}

let directBodies: Record<string, string> = {};

async function rmSyncQuiet(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL?.trim()) {
    console.log('pnpm bench: skipped: set DATABASE_URL to a PostgreSQL server where the bench may create scratch databases, e.g.\n'
      + '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench');
    return;
  }
  const began = new Date();
  const plans: SetupPlan[] = [{ label: 'PostgreSQL 1×', backend: 'postgres', scale: 1, baselines: true }];
  if (withPglite) plans.push({ label: 'PGlite 1×', backend: 'pglite', scale: 1, baselines: false });
  if (full) plans.push({ label: 'PostgreSQL 10×', backend: 'postgres', scale: 10, baselines: true });
  const setups: Setup[] = [];
  const runs: Run[] = [];
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, load: loadavg()[0]! };
  for (const plan of plans) {
    try {
      const result = await benchSetup(plan);
      setups.push(result.setup);
      runs.push(...result.runs);
    } catch (error) {
      log(`${plan.label} failed: ${(error as Error).stack ?? error}`);
      process.exitCode = 1;
    }
    // Written after every setup, so a long --full run keeps what it measured if a later setup fails.
    const report: BenchReport = {
      date: began.toISOString(), minutes: (Date.now() - began.getTime()) / 60_000, full, seconds: SECONDS, connections: CONNECTIONS,
      machine: { ...machine, loadAfter: loadavg()[0]! }, commune: COMMUNE, year: YEAR, setups, runs,
    };
    const path = writeReport(root, report);
    log(`wrote ${path} (${report.minutes.toFixed(1)} min so far)`);
  }
}

await main();
process.exit(process.exitCode ?? 0);
