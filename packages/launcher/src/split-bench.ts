/**
 * Capacity figures for docs/SCALING.md, measured on the split layout (`pnpm --filter @ntg/launcher bench:split`):
 *
 * - rows and bytes of every department's tables on PostgreSQL for the seeded province (SEED_SCALE, default 0.25 of
 *   the province's ~190,000 households), after ANALYZE;
 * - requests per second of the gateway and of one subgraph replica, by a fetch loop (CONCURRENCY, default 8, for
 *   SECONDS, default 10, per scenario), with p50/p95 latency and the CPU time each service process spent per
 *   request (from /proc), which is what sizes replicas: one core serves about 1 / (CPU s per request).
 *
 * Needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped). Prints JSON.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createScratchDatabase } from '@ntg/db';
import { workspaceRoot } from '@ntg/subgraph-kit';
import { startSplitGraph, type SplitGraph } from './split';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface Scenario {
  name: string;
  /** The service called. */
  target: string;
  query: string;
  variables?: Record<string, unknown>;
}

async function load(graph: SplitGraph, scenario: Scenario, token: string, seconds: number, concurrency: number) {
  const url = graph.urls[scenario.target]!;
  const body = JSON.stringify({ query: scenario.query, variables: scenario.variables });
  const cpuBefore = Object.fromEntries(graph.services.map((s) => [s, cpuSeconds(graph.pidOf(s))]));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const answer = (await response.json()) as { errors?: unknown };
      if (!response.ok || answer.errors) errors += 1;
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const cpuPerRequestMs = Object.fromEntries(graph.services.map((s) => [s, round(((cpuSeconds(graph.pidOf(s)) - cpuBefore[s]!) / latencies.length) * 1000, 2)]));
  return {
    scenario: scenario.name,
    target: scenario.target,
    requests: latencies.length,
    errors,
    requestsPerSecond: round(latencies.length / elapsed, 1),
    p50ms: round(latencies[Math.floor(latencies.length * 0.5)] ?? 0, 1),
    p95ms: round(latencies[Math.floor(latencies.length * 0.95)] ?? 0, 1),
    cpuPerRequestMs,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('bench:split needs DATABASE_URL (a PostgreSQL server)');
  const scale = process.env.SEED_SCALE ?? '0.25';
  const seconds = Number(process.env.SECONDS ?? 10);
  const concurrency = Number(process.env.CONCURRENCY ?? 8);
  const scratch = (await createScratchDatabase(baseUrl))!;
  const dataDir = mkdtempSync(join(tmpdir(), 'ntg-bench-'));
  let graph: SplitGraph | undefined;
  try {
    const seedStarted = Date.now();
    graph = await startSplitGraph({
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: scratch.url, NTG_DATA_DIR: dataDir, SEED: '2023', SEED_SCALE: scale },
      ports: 'free',
    });
    const startSeconds = Math.round((Date.now() - seedStarted) / 1000);
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    await sql`analyze`;
    const tables = await sql<{ schema: string; table: string; rows: number; bytes: number }[]>`
      select n.nspname as schema, c.relname as table, greatest(c.reltuples, 0)::bigint::int as rows,
             pg_total_relation_size(c.oid)::bigint::int as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('dolisa', 'agriculture', 'finance', 'ethnic', 'front')
      order by bytes desc`;
    const [reviews] = await sql<{ years: number }[]>`select count(distinct year)::int as years from dolisa.poverty_assessments`.catch(() => [{ years: 0 }]);
    await sql.end();

    const token = await graph.auth.dev!.mint({ department: 'PROVINCE', role: 'analyst', area: '58', subject: 'bench' });
    const dashboard = readFileSync(join(workspaceRoot(), 'queries', 'commune-dashboard.graphql'), 'utf8');
    const small = `query($code: ID!) { commune(code: $code) { name povertyStats(year: 2024) { households poor poorRate } } }`;
    const scenarios: Scenario[] = [
      { name: 'commune dashboard (5 departments)', target: 'gateway', query: dashboard, variables: { code: '22783', year: 2024 } },
      { name: 'one commune poverty stats', target: 'gateway', query: small, variables: { code: '22783' } },
      { name: 'one commune poverty stats, DOLISA alone', target: 'dolisa', query: small, variables: { code: '22783' } },
    ];
    const results = [];
    for (const scenario of scenarios) {
      await load(graph, scenario, token, 2, concurrency); // warm-up
      results.push(await load(graph, scenario, token, seconds, concurrency));
    }
    const bySchema: Record<string, { rows: number; bytes: number }> = {};
    for (const t of tables) {
      const s = (bySchema[t.schema] ??= { rows: 0, bytes: 0 });
      s.rows += t.rows;
      s.bytes += t.bytes;
    }
    console.log(JSON.stringify({
      machine: { cores: (await import('node:os')).cpus().length, node: process.version, load: (await import('node:os')).loadavg().map((l) => round(l, 1)) },
      seedScale: Number(scale), startSeconds, reviewYears: reviews?.years, concurrency, seconds,
      bySchema, largestTables: tables.slice(0, 15), load: results,
    }, null, 2));
  } finally {
    await graph?.stop();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
