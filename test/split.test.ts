import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '@ntg/db';
import { freePorts, ServiceStartError, startSplitGraph, type SplitGraph } from '@ntg/launcher';
import { ANALYST, TEST_SEED, type GraphQLResponse } from './support/graph';
import { isolatedEnv } from './support/split';

/** One commune from DOLISA, Finance, Agriculture and the Front, and one ethnic group from the Ethnic Committee. */
const FIVE_DEPARTMENTS = /* GraphQL */ `
  {
    commune(code: "22783") {
      name
      povertyStats(year: 2024) { households poor }
      fundingSummary(year: 2024) { approved disbursed }
      agricultureSupport(year: 2024) { supportEvents }
      supervisions { id }
    }
    ethnicGroup(code: "01") { name }
  }
`;

/**
 * Bounds for a machine busier than it should be: a healthy 2-core run starts the six processes in 20-40 s, but
 * runs beside other work have needed over 100 s.
 */
const READY_WITHIN_MS = 200_000;
const START_HOOK_MS = READY_WITHIN_MS + 30_000;

describe('the split layout: each subgraph and the gateway in its own process', () => {
  let graph: SplitGraph | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataDir: string;
  let analyst: Record<string, string>;

  async function query(): Promise<GraphQLResponse<{ commune: Record<string, unknown> | null; ethnicGroup: { name: string } | null }>> {
    const response = await fetch(graph!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...analyst },
      body: JSON.stringify({ query: FIVE_DEPARTMENTS }),
    });
    return (await response.json()) as GraphQLResponse<{ commune: Record<string, unknown> | null; ethnicGroup: { name: string } | null }>;
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ntg-split-'));
    graph = await startSplitGraph({
      env: isolatedEnv({ NTG_DATA_DIR: dataDir, DATABASE_URL: scratch?.url, SEED: String(TEST_SEED.seed), SEED_SCALE: String(TEST_SEED.scale) }),
      ports: 'free',
      readyTimeoutMs: READY_WITHIN_MS,
    });
    // The launcher made the demo key pair in this run's data folder; every process verifies tokens it signs.
    analyst = { authorization: `Bearer ${await graph.auth.dev!.mint(ANALYST)}` };
  }, START_HOOK_MS);

  afterAll(async () => {
    await graph?.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs six processes, each answering /health on its own port', async () => {
    expect(graph!.services).toEqual(['agriculture', 'dolisa', 'ethnic', 'finance', 'front', 'gateway']);
    const pids = new Set(graph!.services.map((s) => graph!.pidOf(s)));
    expect(pids.size).toBe(6);
    for (const service of graph!.services) {
      const health = (await (await fetch(new URL('/health', graph!.urls[service]))).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', ...(service === 'gateway' ? { service } : { subgraph: service, database: scratch ? 'postgres' : 'pglite' }) });
    }
  });

  it('answers a query touching all five subgraphs; without the Ethnic Committee the rest still answers, and all of it again once it is back', async () => {
    const complete = await query();
    expect(complete.errors).toBeUndefined();
    expect(complete.data!.ethnicGroup).toEqual({ name: 'Kinh' });
    const commune = complete.data!.commune!;
    expect(commune).toMatchObject({ name: 'Phước Bình', fundingSummary: { approved: expect.any(Number) }, agricultureSupport: { supportEvents: expect.any(Number) } });
    expect((commune.povertyStats as { households: number }).households).toBeGreaterThan(0);
    expect(commune.supervisions).toEqual(expect.any(Array));

    const gatewayPid = graph!.pidOf('gateway');
    expect(await graph!.killService('ethnic')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(graph!.isRunning('ethnic')).toBe(false);

    const partial = await query();
    expect(partial.data).toEqual({ commune, ethnicGroup: null });
    expect(partial.errors).toEqual([
      expect.objectContaining({ message: 'The ethnic subgraph did not answer', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'ethnic' } }),
    ]);

    await graph!.startService('ethnic');
    const again = await query();
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(complete.data);
    expect(graph!.pidOf('gateway')).toBe(gatewayPid);
  }, START_HOOK_MS);

  it('restarts a subgraph gracefully (SIGTERM) with its data kept', async () => {
    const before = graph!.pidOf('finance');
    const complete = await query();
    await graph!.restartService('finance');
    expect(graph!.pidOf('finance')).not.toBe(before);
    expect(graph!.output('finance')).toMatch(/finance: stopping \(SIGTERM\)…\nfinance: stopped/);
    expect(await query()).toEqual(complete);
  }, START_HOOK_MS);
});

describe('the split layout when a service cannot start', () => {
  it('stops the others and reports the failing service with its output', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ntg-split-fail-'));
    const [closedPort] = await freePorts(1);
    const exited: string[] = [];
    try {
      const failing = startSplitGraph({
        // Finance points at a server that is not there; the others would start on empty PGlite folders.
        env: isolatedEnv({ NTG_DATA_DIR: dataDir, NTG_SEED: 'false', FINANCE_DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/nowhere` }),
        ports: 'free',
        readyTimeoutMs: READY_WITHIN_MS,
        onExit: (service) => exited.push(service),
      });
      const error = await failing.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceStartError);
      expect(error).toMatchObject({ service: 'finance' });
      expect((error as ServiceStartError).message).toMatch(/^finance exited \(code 1\) while starting; its last output:\n.*finance: could not start/s);
      expect((error as ServiceStartError).output).toMatch(/ECONNREFUSED/);
      expect(exited.sort()).toEqual(['agriculture', 'dolisa', 'ethnic', 'finance', 'front', 'gateway']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, START_HOOK_MS);
});
