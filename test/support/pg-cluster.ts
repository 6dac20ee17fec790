import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '@ntg/launcher';

const run = promisify(execFile);

/** The machine's PostgreSQL server binaries (Debian's postgresql-15), or undefined when they are not installed. */
export function postgresBin(): string | undefined {
  for (const dir of ['/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']) if (existsSync(join(dir, 'initdb'))) return dir;
  return undefined;
}

/**
 * A PostgreSQL cluster of its own for tests that stop and restart the server (never the machine's shared server,
 * which other test files use at the same time): initdb into a temporary folder, on a free port, trust auth, torn
 * down by stop(). initdb refuses to run as root, so as root it runs as the postgres user.
 */
export interface ThrowawayCluster {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** A fast shutdown: open transactions are rolled back, clients see their connections close. */
  stopServer(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql/15/bin)');
  const root = mkdtempSync(join(tmpdir(), 'ntg-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = root;
  const [port] = await freePorts(1);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
    chmodSync(root, 0o700);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const cluster: ThrowawayCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port: port!,
    start: async () => { await pg('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', 'start']); },
    stopServer: async () => { await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']); },
    restart: async () => { await pg('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-m', 'fast', '-w', 'restart']); },
    destroy: async () => {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
