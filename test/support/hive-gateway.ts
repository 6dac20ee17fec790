import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePorts } from '@ntg/launcher';
import { workspaceRoot } from '@ntg/subgraph-kit';

/**
 * Hive Gateway's CLI (`hive-gateway`), from the npm package @graphql-hive/gateway, a dependency of the workspace
 * package deploy/hive-gateway (not of test/: its OpenTelemetry packages would give drizzle-orm another peer set).
 */
export function hiveGatewayBin(): string {
  const require = createRequire(join(workspaceRoot(), 'deploy', 'hive-gateway', 'package.json'));
  return join(dirname(require.resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
}

export interface RunningHiveGateway {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Hive Gateway as a process of its own, as deployed: `hive-gateway supergraph gateway/supergraph.graphql`
 * with deploy/hive-gateway/gateway.config.ts (the caller's token forwarded; `<NAME>_URL` for each subgraph's
 * location), on a free port. Resolves once it answers its readiness check.
 */
export async function startHiveGateway(subgraphUrls: Readonly<Record<string, string>>, readyWithinMs = 120_000): Promise<RunningHiveGateway> {
  const root = workspaceRoot();
  const [port] = await freePorts(1);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  for (const [name, url] of Object.entries(subgraphUrls)) env[`${name.toUpperCase()}_URL`] = url;
  const child: ChildProcess = spawn(
    process.execPath,
    [hiveGatewayBin(), 'supergraph', join(root, 'gateway', 'supergraph.graphql'), '--port', String(port), '--host', '127.0.0.1'],
    { cwd: join(root, 'deploy', 'hive-gateway'), env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => { lines.push(line); if (lines.length > 200) lines.shift(); });
  }
  let exited: number | string | null | undefined;
  const closed = new Promise<void>((resolve) => child.once('close', (code, signal) => { exited = code ?? signal; resolve(); }));
  const url = `http://127.0.0.1:${port}/graphql`;
  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(kill);
    }
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`Hive Gateway exited (${exited}) while starting:\n${lines.join('\n')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readiness`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Hive Gateway did not become ready within ${readyWithinMs / 1000} s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, output: () => lines.join('\n'), stop };
}
