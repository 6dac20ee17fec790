import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '@ntg/db';
import { buildServices, type BuiltService } from './split-build';
import { freePorts, startSplitGraph } from './split';

/** Runs `node main.js` of a built service with only the given environment, until /health answers or it exits. */
async function runBuilt(service: BuiltService, env: Record<string, string>, withinMs = 90_000) {
  const [port] = await freePorts(1);
  const child = spawn(process.execPath, [join(service.dir, 'main.js')], {
    cwd: service.dir,
    env: { PATH: process.env.PATH ?? '', NTG_SEED: 'false', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exitCode: number | null | undefined;
  const closed = new Promise<void>((resolve) => child.once('close', (code) => { exitCode = code; resolve(); }));
  const deadline = Date.now() + withinMs;
  let health: Record<string, unknown> | undefined;
  while (exitCode === undefined && !health && Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      // The gateway answers 503 while no subgraph is up (readiness per dependency); it answers all the same.
      health = { httpStatus: response.status, ...((await response.json()) as Record<string, unknown>) };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  if (exitCode === undefined) child.kill('SIGTERM');
  await closed;
  return { health, output, exitCode };
}

/**
 * A service built for deployment (esbuild, one main.js per service, its run-time files beside it) starts with
 * plain `node`, outside the workspace: no tsx, no node_modules.
 */
describe('build:services', () => {
  let out: string;
  let built: BuiltService[];
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'ntg-build-'));
    built = await buildServices(out, ['dolisa', 'gateway']);
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one main.js per service with the files it reads at run time', () => {
    expect(built.map((s) => s.name)).toEqual(['dolisa', 'gateway']);
    const [dolisa, gateway] = built as [BuiltService, BuiltService];
    expect(existsSync(join(dolisa.dir, 'root', 'subgraphs', 'dolisa', 'schema.graphql'))).toBe(true);
    expect(existsSync(join(dolisa.dir, 'root', 'subgraphs', 'dolisa', 'drizzle', 'meta', '_journal.json'))).toBe(true);
    expect(existsSync(join(dolisa.dir, 'root', 'subgraphs', 'finance'))).toBe(false); // only its own department's files
    expect(existsSync(join(gateway.dir, 'root', 'gateway', 'supergraph.graphql'))).toBe(true);
    // The saved operations /export/ and /reports/ run.
    expect(existsSync(join(gateway.dir, 'root', 'queries', 'monthly-report.graphql'))).toBe(true);
  });

  it('starts the gateway with node alone, answering /health', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ntg-build-data-'));
    try {
      const run = await runBuilt(built[1]!, { NTG_DATA_DIR: data });
      expect(run.health, run.output).toMatchObject({ service: 'gateway' });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);

  it('starts a subgraph on PostgreSQL with node alone (migrations from its copy of drizzle/); without a database URL it says what to set', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ntg-build-data-'));
    const scratch = await createScratchDatabase();
    try {
      if (scratch) {
        const run = await runBuilt(built[0]!, { NTG_DATA_DIR: data, DOLISA_DATABASE_URL: scratch.url });
        expect(run.health, run.output).toMatchObject({ httpStatus: 200, status: 'ok', subgraph: 'dolisa', database: 'postgres' });
      }
      const without = await runBuilt(built[0]!, { NTG_DATA_DIR: data });
      expect(without.exitCode).toBe(1);
      expect(without.output).toMatch(/set DATABASE_URL or <NAME>_DATABASE_URL/);
    } finally {
      await scratch?.drop();
      rmSync(data, { recursive: true, force: true });
    }
  }, 200_000);
});

/** The whole split graph from the bundles (startSplitGraph's builtDir), as `pnpm bench` measures the deployed restart. */
describe.skipIf(!process.env.DATABASE_URL)('the split graph from the bundles (PostgreSQL)', () => {
  it('starts the six bundled services with node alone and answers through the gateway with the demo keys', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ntg-build-all-'));
    const data = mkdtempSync(join(tmpdir(), 'ntg-build-data-'));
    const scratch = (await createScratchDatabase())!;
    try {
      await buildServices(out);
      const env = { PATH: process.env.PATH ?? '', DATABASE_URL: scratch.url, NTG_SEED: 'false', NTG_DATA_DIR: data, GRAPH_INTROSPECTION: 'false' };
      const graph = await startSplitGraph({ env, ports: 'free', builtDir: out, readyTimeoutMs: 120_000 });
      try {
        const token = await graph.auth.dev!.mint({ department: 'PROVINCE', role: 'analyst', area: '58' });
        const answer = await fetch(graph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ commune(code: "22783") { name ethnicArea fundingSummary(year: 2024) { approved } } }' }),
        }).then((r) => r.json() as Promise<{ data?: any; errors?: unknown }>);
        expect(answer.errors).toBeUndefined();
        expect(answer.data.commune).toEqual({ name: 'Phước Bình', ethnicArea: expect.any(String), fundingSummary: { approved: 0 } });
      } finally {
        await graph.stop();
      }
    } finally {
      await scratch.drop();
      rmSync(out, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  }, 300_000);
});
