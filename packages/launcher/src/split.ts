import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DEFAULT_GATEWAY_PORT, readCommittedSupergraph, subgraphUrlVariable, supergraphSubgraphs } from '@ntg/gateway';
import { authFromEnv, dataRootDir, portFromEnv, seedFromEnv, workspaceRoot, type ServiceAuth } from '@ntg/subgraph-kit';

/** The gateway's service name; the subgraphs go by their own names (dolisa, agriculture…). */
export const GATEWAY = 'gateway';

export type ServicePorts = 'default' | 'free' | Readonly<Partial<Record<string, number>>>;

export interface SplitGraphOptions {
  /**
   * The environment every service process gets: DATABASE_URL / <NAME>_DATABASE_URL or NTG_DATA_DIR, SEED,
   * SEED_SCALE, NTG_SEED, AUTH_*, HOST, GRAPH_*. Default process.env. PORT is the gateway's port.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * 'default': the gateway on PORT (default 4000), each subgraph on the port the supergraph names (4001–4005);
   * 'free': ports picked by the launcher (tests); or ports by service name, the rest default.
   */
  ports?: ServicePorts;
  /** Every line a service prints (the CLI echoes them); the last lines are kept for failure reports either way. */
  onOutput?: (service: string, line: string) => void;
  /** A service process ended; `expected` when stopService, restartService or stop asked it to. */
  onExit?: (service: string, exit: ServiceExit, expected: boolean) => void;
  /** How long one service may take until /health answers. The first full-province seed takes minutes; default 15 min. */
  readyTimeoutMs?: number;
  /** How long a service may take to exit after SIGTERM before it gets SIGKILL; default 15 s. */
  stopTimeoutMs?: number;
  /** Aborting while starting stops the services started so far and rejects (Ctrl-C during a long first seed). */
  signal?: AbortSignal;
  /**
   * Where the gateway calls a subgraph, given the subgraph's own URL (default: that URL). Tests put a proxy in
   * between that counts the requests a subgraph receives.
   */
  gatewayRoute?: (service: string, url: string) => string;
  /**
   * Run each service from the plain-JavaScript bundles of `build:services` in this folder (`<dir>/<service>/main.js`,
   * as deployed: no tsx, PostgreSQL only) instead of its TypeScript entry through tsx.
   */
  builtDir?: string;
}

export interface ServiceExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SplitGraph {
  /** The gateway's GraphQL URL. */
  readonly url: string;
  /** Every service: the subgraphs the supergraph calls, then the gateway. */
  readonly services: readonly string[];
  /** GraphQL URL of every service by name. */
  readonly urls: Readonly<Record<string, string>>;
  /** How tokens are verified; `auth.dev` mints demo tokens when no identity provider is configured. */
  readonly auth: ServiceAuth;
  isRunning(service: string): boolean;
  /** The process id of a running service (a restart gives a new one). */
  pidOf(service: string): number | undefined;
  /** Starts a stopped service on its port and resolves once its /health answers. */
  startService(service: string): Promise<void>;
  /** Stops one service: SIGTERM lets it finish in-flight requests, SIGKILL is a crash. Resolves once it has exited. */
  stopService(service: string, signal?: 'SIGTERM' | 'SIGKILL'): Promise<ServiceExit>;
  /** stopService(service, 'SIGKILL'). */
  killService(service: string): Promise<ServiceExit>;
  /** Stops the service (SIGTERM unless told otherwise) and starts it again on the same port. */
  restartService(service: string, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** The last lines the service printed, stdout and stderr, across restarts. */
  output(service: string): string;
  /** Stops the gateway, then every subgraph, and resolves when all have exited. */
  stop(): Promise<void>;
}

/** A service that exited, or did not answer in time, while starting; the message carries its last output. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    reason: string,
    readonly output: string,
  ) {
    super(`${service} ${reason}${output ? `; its last output:\n${indent(output)}` : ' (it printed nothing)'}`);
  }
}

const OUTPUT_LINES_KEPT = 200;

interface Service {
  readonly name: string;
  /** Its own start entry, relative to the workspace root. */
  readonly entry: string;
  readonly port: number;
  /** Where the service listens, for the health check and the gateway's calls. */
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  readonly output: string[];
  child?: ChildProcess;
  exited?: Promise<ServiceExit>;
  lastExit?: ServiceExit;
  stopRequested: boolean;
}

/**
 * Starts every subgraph and the gateway as separate processes (each from its own main.ts, as
 * `pnpm --filter <package> start` would) sharing one environment, and resolves once every /health answers. If a
 * service dies or hangs while starting, the others are stopped and the promise rejects with its output.
 */
export async function startSplitGraph(options: SplitGraphOptions = {}): Promise<SplitGraph> {
  const env = options.env ?? process.env;
  const readyTimeoutMs = options.readyTimeoutMs ?? 15 * 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  const root = workspaceRoot();
  // Fail on a malformed setting here, once, rather than in six processes at once.
  seedFromEnv(env);
  // Created once, before any child starts: five processes creating the key pair at the same moment would race.
  const auth = await authFromEnv(env);

  const subgraphs = supergraphSubgraphs(readCommittedSupergraph());
  const ports = await choosePorts(
    [...subgraphs.map((s) => ({ name: s.name, defaultPort: Number(new URL(s.url).port) })), { name: GATEWAY, defaultPort: portFromEnv(env, DEFAULT_GATEWAY_PORT) }],
    options.ports ?? 'default',
    env.HOST,
  );
  const connectHost = reachableHost(env.HOST);
  const urlOn = (port: number) => `http://${connectHost}:${port}/graphql`;
  // A subgraph reads other departments' data at write time through the gateway (lookupModel…): GRAPH_URL.
  const graphUrl = env.GRAPH_URL?.trim() || urlOn(ports[GATEWAY]!);
  const subgraphServices: Service[] = subgraphs.map((s) => makeService(s.name, join('subgraphs', s.name, 'src', 'main.ts'), ports[s.name]!, { GRAPH_URL: graphUrl }));
  const route = options.gatewayRoute ?? ((_service: string, url: string) => url);
  const gatewayUrls = Object.fromEntries(subgraphServices.map((s) => [subgraphUrlVariable(s.name), route(s.name, s.url)]));
  const services = new Map<string, Service>([...subgraphServices, makeService(GATEWAY, join('gateway', 'src', 'main.ts'), ports[GATEWAY]!, gatewayUrls)].map((s) => [s.name, s]));

  function makeService(name: string, entry: string, port: number, extraEnv: Record<string, string>): Service {
    if (!existsSync(join(root, entry))) throw new Error(`${name}: no start entry at ${entry}`);
    // A bundle's workspace root is its own folder: point it at this workspace's data (the demo keys) explicitly.
    const dataDir = options.builtDir ? { NTG_DATA_DIR: dataRootDir(env) } : {};
    return { name, entry, port, url: urlOn(port), env: { ...env, ...dataDir, ...extraEnv, PORT: String(port) }, output: [], stopRequested: false };
  }

  function serviceNamed(name: string): Service {
    const service = services.get(name);
    if (!service) throw new Error(`No service "${name}"; the services are ${[...services.keys()].join(', ')}`);
    return service;
  }

  function record(service: Service, line: string): void {
    service.output.push(line);
    if (service.output.length > OUTPUT_LINES_KEPT) service.output.shift();
    options.onOutput?.(service.name, line);
  }

  function spawnService(service: Service): void {
    service.stopRequested = false;
    // node --import tsx rather than the tsx CLI: the CLI runs the code in a second process, which a SIGKILL
    // would leave behind still holding the port.
    const built = options.builtDir ? resolve(options.builtDir, service.name, 'main.js') : undefined;
    const child = spawn(process.execPath, built ? [built] : ['--import', tsxLoader(), service.entry], {
      cwd: root,
      env: service.env,
      // The IPC channel lets a service notice that its launcher died and stop rather than linger on its port.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    service.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => record(service, line));
    }
    service.exited = new Promise<ServiceExit>((resolve) => {
      // 'close' rather than 'exit': the output is complete by then, for the failure report.
      child.once('close', (code, signal) => {
        const exit = { code, signal };
        service.lastExit = exit;
        if (service.child === child) service.child = undefined;
        options.onExit?.(service.name, exit, service.stopRequested);
        resolve(exit);
      });
      child.once('error', (error) => {
        record(service, `could not start the process: ${error.message}`);
      });
    });
  }

  async function waitUntilHealthy(service: Service): Promise<void> {
    const healthUrl = new URL('/health', service.url);
    const deadline = Date.now() + readyTimeoutMs;
    const exited = service.exited!;
    let gone: ServiceExit | undefined;
    void exited.then((exit) => (gone = exit));
    for (;;) {
      if (options.signal?.aborted) throw new Error(`Start-up aborted while waiting for ${service.name}`);
      if (gone) throw new ServiceStartError(service.name, `exited (${describeExit(gone)}) while starting`, service.output.join('\n'));
      if (await answersHealth(healthUrl, service.name)) return;
      if (Date.now() > deadline) {
        throw new ServiceStartError(service.name, `did not answer ${healthUrl} within ${Math.round(readyTimeoutMs / 1000)} s`, service.output.join('\n'));
      }
      await Promise.race([sleep(150), exited]);
    }
  }

  async function startService(name: string): Promise<void> {
    const service = serviceNamed(name);
    if (service.child) throw new Error(`${name} is already running`);
    spawnService(service);
    try {
      await waitUntilHealthy(service);
    } catch (error) {
      await stopService(name, 'SIGKILL');
      throw error;
    }
  }

  async function stopService(name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<ServiceExit> {
    const service = serviceNamed(name);
    const child = service.child;
    if (!child || !service.exited) return service.lastExit ?? { code: null, signal: null };
    service.stopRequested = true;
    child.kill(signal);
    const escalate = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    try {
      return await service.exited;
    } finally {
      clearTimeout(escalate);
    }
  }

  async function stopAll(): Promise<void> {
    // The gateway first, so no request reaches a subgraph that is already going away.
    await stopService(GATEWAY);
    await Promise.all([...services.keys()].filter((name) => name !== GATEWAY).map((name) => stopService(name)));
  }

  try {
    // All at once: the gateway needs no subgraph to start, and the subgraphs need nothing from each other.
    for (const service of services.values()) spawnService(service);
    await Promise.all([...services.values()].map((service) => waitUntilHealthy(service)));
  } catch (error) {
    await stopAll();
    throw error;
  }

  const gateway = serviceNamed(GATEWAY);
  return {
    url: gateway.url,
    services: [...services.keys()],
    urls: Object.fromEntries([...services.values()].map((s) => [s.name, s.url])),
    auth,
    isRunning: (name) => serviceNamed(name).child !== undefined,
    pidOf: (name) => serviceNamed(name).child?.pid,
    startService,
    stopService,
    killService: (name) => stopService(name, 'SIGKILL'),
    async restartService(name, signal = 'SIGTERM') {
      await stopService(name, signal);
      await startService(name);
    },
    output: (name) => serviceNamed(name).output.join('\n'),
    stop: stopAll,
  };
}

let loaderUrl: string | undefined;

/** tsx's loader as a file URL, resolved from this package so the children need not find it themselves. */
function tsxLoader(): string {
  loaderUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return loaderUrl;
}

/** Where to reach a service that listens on `host`: a wildcard address is reached on the loopback interface. */
function reachableHost(host: string | undefined): string {
  const trimmed = host?.trim();
  if (!trimmed || trimmed === '0.0.0.0' || trimmed === '::') return '127.0.0.1';
  return trimmed.includes(':') ? `[${trimmed}]` : trimmed;
}

async function choosePorts(
  services: readonly { name: string; defaultPort: number }[],
  ports: ServicePorts,
  host: string | undefined,
): Promise<Record<string, number>> {
  if (ports === 'free') {
    // Children cannot report a port 0 back easily: the launcher asks the system for free ports and passes them on.
    const picked = await freePorts(services.length);
    return Object.fromEntries(services.map((s, i) => [s.name, picked[i]!]));
  }
  const chosen = Object.fromEntries(services.map((s) => [s.name, (ports === 'default' ? undefined : ports[s.name]) ?? s.defaultPort]));
  for (const [name, port] of Object.entries(chosen)) {
    if (port === 0) {
      chosen[name] = (await freePorts(1))[0]!; // PORT=0: any free port, but one the launcher knows
    } else if (!(await portIsFree(port, name === GATEWAY ? host : host ?? '127.0.0.1'))) {
      // A busy port would make a child fail only after its migrations and seed; say so before starting anything.
      throw new Error(`Port ${port} (${name}) is already in use: is another graph running? Stop it or set the ports.`);
    }
  }
  return chosen;
}

/** `count` distinct free ports: all held open at once, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port assigned');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

function portIsFree(port: number, host: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function answersHealth(url: URL, service: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { subgraph?: unknown; service?: unknown };
    // The right service, not something else that happens to listen on the port.
    return body.subgraph === service || body.service === service;
  } catch {
    return false;
  }
}

export function describeExit(exit: ServiceExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
