// pnpm bench --profile: our gateway as an extra process under `node --cpu-prof`, loaded with the dashboard, and
// where its CPU time went, by package and by function (self time), for docs/PERFORMANCE.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { subgraphUrlVariable } from '@ntg/gateway';
import { runHttp, type Figures } from './load';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ProfileSummary {
  figures: Figures;
  /** Profiled self time during the load, in ms. */
  totalMs: number;
  /** The gateway process's CPU time (user + system, /proc) during the load, per request answered. */
  cpuMsPerRequest: number;
  byPackage: { name: string; share: number }[];
  byFunction: { name: string; share: number }[];
}

/** User + system CPU time of a process in ms (Linux /proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function packageOf(url: string): string {
  if (!url) return '(native, GC, idle)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const workspace = /\/(gateway|packages\/[^/]+|subgraphs\/[^/]+)\//.exec(url);
  return workspace ? `ours: ${workspace[1]}` : url.split('/').slice(-2).join('/');
}

/** One more gateway process of ours on the bench's subgraphs (another configuration, or under a profiler). */
export async function startGatewayProcess(options: { root: string; env: NodeJS.ProcessEnv; subgraphUrls: Record<string, string>; nodeArgs?: string[] }): Promise<{ child: ChildProcess; url: string }> {
  const tsx = pathToFileURL(createRequire(join(options.root, 'packages', 'launcher', 'package.json')).resolve('tsx')).href;
  const env: NodeJS.ProcessEnv = { ...options.env, PORT: '0', HOST: '127.0.0.1' };
  for (const [name, url] of Object.entries(options.subgraphUrls)) env[subgraphUrlVariable(name)] = url;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', tsx, join(options.root, 'gateway', 'src', 'main.ts')],
    { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the extra gateway did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the extra gateway exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /ready at (http:\/\/\S+\/graphql)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!.replace('localhost', '127.0.0.1'));
      }
    });
  });
  child.removeAllListeners('exit');
  return { child, url };
}

export async function profileGateway(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  subgraphUrls: Record<string, string>;
  body: string;
  authorization: string;
  connections: number;
  seconds: number;
  fastPath: boolean;
}): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'ntg-bench-prof-'));
  const { child, url } = await startGatewayProcess({ ...options, env: { ...options.env, GATEWAY_FAST_PATH: String(options.fastPath) }, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  // Warm: the first requests plan the query and fill the caches; the profile is of the steady state mostly.
  await runHttp({ url, connections: 2, seconds: 2, headers: { authorization: options.authorization }, body: options.body });
  const cpuBefore = cpuMsOf(child.pid!);
  const figures = await runHttp({ url, connections: options.connections, seconds: options.seconds, headers: { authorization: options.authorization }, body: options.body });
  const cpuMs = cpuMsOf(child.pid!) - cpuBefore;
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled gateway wrote no .cpuprofile');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  rmSync(dir, { recursive: true, force: true });
  // Only the samples of the measured load (the last `seconds` of the profile: the process is stopped right after),
  // not start-up (module loading) or the warm-up.
  const selfTime = new Map<number, number>();
  const from = profile.endTime - options.seconds * 1e6;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = selfTime.get(node.id) ?? 0;
    if (!us || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    busy += us;
    const pkg = node.callFrame.functionName === '(garbage collector)' ? 'garbage collector' : packageOf(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${pkg})`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, share: us / busy }));
  return { figures, totalMs: busy / 1000, cpuMsPerRequest: cpuMs / Math.max(1, figures.requests), byPackage: top(packages, 12), byFunction: top(functions, 15) };
}
