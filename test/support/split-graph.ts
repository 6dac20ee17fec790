import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type Database } from '@ntg/db';
import { subgraphs } from '@ntg/gateway/composition';
import { freePorts, GATEWAY, startSplitGraph, type SplitGraph } from '@ntg/launcher';
import { openSubgraphDatabase } from '@ntg/subgraph-kit';
import { startHttpCountingProxy, startPostgresCountingProxy, type HttpCountingProxy } from './proxies';
import { isolatedEnv } from './split';

/** The graph as six processes, each department on a database of its own: what startTestGraph returns under GRAPH_LAYOUT=split. */
export interface SplitTestGraph {
  readonly url: string;
  readonly split: SplitGraph;
  readonly subgraphs: readonly SplitTestSubgraph[];
  readonly keys: NonNullable<SplitGraph['auth']['dev']>['keys'];
  stop(): Promise<void>;
}

export interface SplitTestSubgraph {
  readonly name: string;
  /** The subgraph's URL behind a proxy counting its requests (the gateway calls the same proxy). */
  readonly url: string;
  readonly requests: () => number;
  /** The department's own scratch database, opened by the test process; `statements` counts what the service runs. */
  readonly database: Database;
}

/**
 * A bound for a loaded 2-core machine: the six processes start in 20-40 s on a quiet one (migrations and the
 * small seed included); CI runs the split layout one file at a time.
 */
export const SPLIT_READY_WITHIN_MS = 240_000;

export interface SplitTestGraphOptions {
  seed: { seed: number; scale: number } | false;
  introspection?: boolean;
}

/**
 * Starts every department subgraph and the gateway as processes of their own (`startSplitGraph`), each
 * department on a scratch database of its own on the PostgreSQL server of DATABASE_URL (`<DEPT>_DATABASE_URL`),
 * with the demo keys of a temporary data folder. The test process reaches each database through a proxy that
 * counts the statements the service runs, and each subgraph through a proxy that counts its requests, so tests
 * that measure a query's cost hold in both layouts.
 */
export async function startSplitTestGraph(options: SplitTestGraphOptions): Promise<SplitTestGraph> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    throw new Error(
      'GRAPH_LAYOUT=split needs DATABASE_URL (a PostgreSQL server): each department gets a scratch database of its own '
        + 'there, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
    );
  }
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'ntg-split-test-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const departments = await Promise.all(subgraphs.map(async (definition) => {
      const scratch = (await createScratchDatabase(baseUrl))!;
      cleanups.push(() => scratch.drop());
      const proxy = await startPostgresCountingProxy(scratch.url);
      cleanups.push(() => proxy.close());
      return { definition, scratch, proxy };
    }));
    const logDir = process.env.NTG_SPLIT_LOG_DIR?.trim() || undefined;
    if (logDir) mkdirSync(logDir, { recursive: true });
    const databaseUrls = Object.fromEntries(departments.map((d) => [`${d.definition.name.toUpperCase()}_DATABASE_URL`, d.proxy.url]));
    // Ports chosen here rather than by the launcher: the proxies in front of the subgraphs need them first.
    const ports = await freePorts(departments.length + 1);
    const portOf = Object.fromEntries([...departments.map((d, i) => [d.definition.name, ports[i]!]), [GATEWAY, ports.at(-1)!]]);
    const httpProxies = new Map<string, HttpCountingProxy>();
    for (const { definition } of departments) {
      const proxy = await startHttpCountingProxy(`http://127.0.0.1:${portOf[definition.name]}/graphql`);
      cleanups.push(() => proxy.close());
      httpProxies.set(definition.name, proxy);
    }
    const split = await startSplitGraph({
      env: isolatedEnv({
        ...databaseUrls,
        NTG_DATA_DIR: dataDir,
        ...(options.seed ? { SEED: String(options.seed.seed), SEED_SCALE: String(options.seed.scale) } : { NTG_SEED: 'false' }),
        ...(options.introspection === undefined ? {} : { GRAPH_INTROSPECTION: String(options.introspection) }),
      }),
      ports: portOf,
      readyTimeoutMs: SPLIT_READY_WITHIN_MS,
      // NTG_SPLIT_LOG_DIR keeps every service's output in <dir>/<service>.log (what a 500 was about, in CI).
      onOutput: logDir ? (service, line) => appendFileSync(join(logDir, `${service}.log`), `${line}\n`) : undefined,
      gatewayRoute: (name, url) => httpProxies.get(name)?.url ?? url,
    });
    cleanups.push(() => split.stop());
    const keys = split.auth.dev?.keys;
    if (!keys) throw new Error('the split test graph expected the demo keys of its own data folder');
    // The test process's own handle on each department's database (its statements are not counted: it is not
    // the service), with the service's statement count from the proxy.
    const testSubgraphs = await Promise.all(departments.map(async ({ definition, scratch, proxy }) => {
      const own = await openSubgraphDatabase(definition, { url: scratch.url });
      cleanups.push(() => own.close());
      const http = httpProxies.get(definition.name)!;
      return { name: definition.name, url: http.url, requests: () => http.requests(), database: { ...own, statements: proxy.statements } };
    }));
    return {
      url: split.url,
      split,
      subgraphs: testSubgraphs,
      keys,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
