// Load generation and process sampling for pnpm bench: autocannon for HTTP, a closed loop for raw SQL.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Figures {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  /** Non-2xx answers, socket errors and timeouts together: a run with any is reported as such. */
  failures: number;
}

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** A fixed body, or a function giving the next body (the mutation mix). */
  body: string | (() => string);
}

/** One autocannon run: closed loop, `connections` keep-alive connections, one request in flight on each. */
export async function runHttp(load: HttpLoad): Promise<Figures> {
  const next = typeof load.body === 'function' ? load.body : undefined;
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    ...(next
      ? { requests: [{ method: 'POST', setupRequest: (request: any) => ({ ...request, body: next() }) }] }
      : { body: load.body as string }),
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** The same closed loop for work that is not HTTP (raw SQL): `connections` workers, each one job at a time. */
export async function runLoop(connections: number, seconds: number, job: (worker: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: unknown;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async (_, worker) => {
    while (performance.now() < deadline) {
      const start = performance.now();
      try {
        await job(worker);
        latencies.push(performance.now() - start);
      } catch (error) {
        failures++;
        firstFailure ??= error;
      }
    }
  }));
  if (firstFailure) console.warn(`  ${failures} failed, the first: ${(firstFailure as Error).message}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : NaN);
  return { p50: round(at(0.5)), p99: round(at(0.99)), rps: latencies.length / seconds, requests: latencies.length, failures };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Resident set size of a process in bytes (Linux /proc), or undefined once it is gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of named processes every 200 ms; `stop()` gives each one's peak over the sampling. */
export function sampleRss(pids: Record<string, number | undefined>): { stop(): Record<string, number> } {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const rss = pid ? rssOf(pid) : undefined;
      if (rss !== undefined && rss > (peak[name] ?? 0)) peak[name] = rss;
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
