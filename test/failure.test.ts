import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startSplitGraph, type SplitGraph } from '@ntg/launcher';
import { ANALYST, DOLISA_OFFICER, type GraphQLResponse } from './support/graph';
import { postgresBin, startThrowawayCluster, type ThrowawayCluster } from './support/pg-cluster';
import { isolatedEnv } from './support/split';

/** The commune dashboard of the graph map, the fields every department adds. */
const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    commune(code: "22783") {
      name
      povertyStats(year: 2024) { households poor }
      ethnicArea
      fundingSummary(year: 2024) { approved disbursed }
      agricultureSupport(year: 2024) { supportEvents }
      supervisions { id }
    }
  }
`;

type Dashboard = GraphQLResponse<{ commune: Record<string, unknown> | null }>;

/**
 * Failure of a part is not failure of the whole, with every service a process of its own on a PostgreSQL cluster
 * of this test's (the machine's shared server is used by other test files at the same time). PostgreSQL only:
 * the embedded database cannot be shared by processes, let alone restarted under them.
 */
describe.runIf(process.env.DATABASE_URL && postgresBin())('failures, with each service a process of its own', () => {
  let cluster: ThrowawayCluster;
  let graph: SplitGraph;
  let dataDir: string;
  let headers: { analyst: Record<string, string>; officer: Record<string, string> };

  const post = async <T>(url: string, query: string, auth: Record<string, string>, variables?: Record<string, unknown>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as T };
  };
  const health = async (url: string) => {
    const response = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    dataDir = mkdtempSync(join(tmpdir(), 'ntg-failure-'));
    graph = await startSplitGraph({
      env: isolatedEnv({ NTG_DATA_DIR: dataDir, DATABASE_URL: cluster.url, SEED: '2023', SEED_SCALE: '0.005' }),
      ports: 'free',
      readyTimeoutMs: 150_000,
    });
    const mint = async (claims: Parameters<NonNullable<SplitGraph['auth']['dev']>['mint']>[0]) => ({ authorization: `Bearer ${await graph.auth.dev!.mint(claims)}` });
    headers = { analyst: await mint(ANALYST), officer: await mint(DOLISA_OFFICER) };
  }, 240_000);
  afterAll(async () => {
    await graph?.stop();
    await cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('keeps answering while a department is killed: well-formed JSON, the others\' data, an error naming it; whole again after a restart', async () => {
    const complete = await post<Dashboard>(graph.url, DASHBOARD, headers.analyst);
    expect(complete.body.errors).toBeUndefined();

    const answers: Dashboard[] = [];
    let killed = false;
    const deadline = Date.now() + 6_000;
    const client = async () => {
      while (Date.now() < deadline) {
        const answer = await post<Dashboard>(graph.url, DASHBOARD, headers.analyst);
        expect(answer.status).toBe(200);
        if (killed) answers.push(answer.body);
      }
    };
    const load = Promise.all([client(), client(), client()]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await graph.killService('finance');
    killed = true;
    await load;

    const partial = answers.filter((a) => a.errors);
    expect(partial.length).toBeGreaterThan(0);
    for (const answer of partial) {
      expect(answer.errors?.map((e) => e.extensions?.serviceName)).toEqual(['finance']);
      expect(answer.data?.commune).toMatchObject({ name: expect.any(String), povertyStats: { households: expect.any(Number) }, supervisions: expect.any(Array) });
      expect(answer.data?.commune?.fundingSummary ?? null).toBeNull();
    }
    const degraded = await health(graph.url);
    expect(degraded).toMatchObject({ status: 200, body: { ready: true, degraded: true, subgraphs: { finance: 'not answering', dolisa: 'ok' } } });

    await graph.startService('finance');
    const again = await post<Dashboard>(graph.url, DASHBOARD, headers.analyst);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.commune?.fundingSummary).toEqual(complete.body.data?.commune?.fundingSummary);
  }, 120_000);

  it('loses no acknowledged write and keeps no failed one when PostgreSQL restarts under a stream of mutations; the pools reconnect', async () => {
    const register = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id headName } }`;
    const acknowledged: { id: string; name: string }[] = [];
    const failed: string[] = [];
    let restarted = false;
    const stream = async (worker: number) => {
      for (let i = 0; i < 60; i++) {
        const name = `Stream ${worker}-${i} (synthetic)`;
        const answer = await post<GraphQLResponse<{ registerHousehold: { id: string; headName: string } | null }>>(graph.urls.dolisa!, register, headers.officer, {
          input: { communeCode: '22783', memberCount: 3, headEthnicGroupCode: '21', headName: name, registeredOn: '2024-01-01' },
        });
        expect(answer.status).toBeLessThan(500);
        const written = answer.body.data?.registerHousehold;
        if (written && !answer.body.errors) acknowledged.push({ id: written.id, name });
        else failed.push(name);
        if (restarted && i > 50) break;
      }
    };
    const streams = Promise.all([stream(1), stream(2)]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await cluster.restart();
    restarted = true;
    await streams.catch((error: unknown) => {
      throw new Error(`the stream failed: ${String(error)}; DOLISA printed:\n${graph.output('dolisa')}`);
    });

    expect(acknowledged.length).toBeGreaterThan(0);
    const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const present = await sql<{ id: string; head_name: string }[]>`select id, head_name from dolisa.households where head_name like 'Stream %'`;
      const presentNames = new Set(present.map((r) => r.head_name));
      for (const { id, name } of acknowledged) expect(present.find((r) => r.id === id)?.head_name, name).toBe(name);
      for (const name of failed) expect(presentNames.has(name), name).toBe(false);
      expect(present.length).toBe(acknowledged.length);
    } finally {
      await sql.end();
    }
    // The pools reconnected by themselves: a new write goes through, no service restarted.
    const after = await post<GraphQLResponse<{ registerHousehold: { id: string } }>>(graph.url, register, headers.officer, {
      input: { communeCode: '22783', memberCount: 2, headEthnicGroupCode: '01', headName: 'After the restart (synthetic)', registeredOn: '2024-01-01' },
    });
    expect(after.body.errors).toBeUndefined();
  }, 120_000);

  it('reports readiness per dependency: 503 while the database is down, ready again when it is back', async () => {
    await cluster.stopServer();
    try {
      const dolisa = await health(graph.urls.dolisa!);
      expect(dolisa).toMatchObject({ status: 503, body: { status: 'unavailable', ready: false } });
      const gateway = await health(graph.url);
      expect(gateway).toMatchObject({ status: 503, body: { ready: false } });
    } finally {
      await cluster.start();
    }
    await expect.poll(async () => (await health(graph.urls.dolisa!)).status, { timeout: 20_000, interval: 500 }).toBe(200);
    expect((await health(graph.url)).status).toBe(200);
  }, 60_000);

  it('drains a request in flight on SIGTERM before the service exits', async () => {
    // Hold a household's row lock from outside, so the officer's write waits inside DOLISA while it is told to stop.
    const lookup = await post<GraphQLResponse<{ commune: { households: { edges: { node: { id: string } }[] } } }>>(graph.url,
      `{ commune(code: "22783") { households(first: 1) { edges { node { id } } } } }`, headers.analyst);
    const householdId = lookup.body.data!.commune.households.edges[0]!.node.id;
    const holder = postgres(cluster.url, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const locking = holder.begin(async (tx) => {
      await tx`select id from dolisa.households where id = ${householdId} for update`;
      await held;
    });
    try {
      const write = post<GraphQLResponse<{ recordAssessment: { classification: string } }>>(graph.urls.dolisa!,
        `mutation($id: ID!) { recordAssessment(input: { householdId: $id, year: 2025, incomePerCapitaMonthly: 900000, deprivations: [NUTRITION, HOUSING_AREA, DOMESTIC_WATER], assessedOn: "2025-10-01" }) { classification } }`,
        headers.officer, { id: householdId });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stopping = graph.stopService('dolisa', 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      const answer = await write;
      expect(answer.status).toBe(200);
      expect(answer.body.errors ?? []).toEqual([]);
      expect(answer.body.data?.recordAssessment.classification).toBe('POOR');
      const exit = await stopping;
      expect(exit, graph.output('dolisa')).toEqual({ code: 0, signal: null });
    } finally {
      release();
      await locking.catch(() => {});
      await holder.end();
      if (!graph.isRunning('dolisa')) await graph.startService('dolisa');
    }
  }, 90_000);
});
