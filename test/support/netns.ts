import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { postgresBin } from './pg-cluster';

const run = promisify(execFile);

/**
 * Simulated hosts on this machine: network namespaces (`ip netns`) joined by veth pairs to a bridge of their own,
 * on a /24 of addresses made for the run. Only these addresses are ever sent traffic.
 */
export interface Hosts {
  /** The bridge's own address: the test process reaches every host through it. */
  readonly bridgeAddress: string;
  addressOf(host: string): string;
  /** The namespace of a host (`ip netns exec NAME …`). */
  namespaceOf(host: string): string;
  /** Adds a host (a namespace with loopback up and one address on the bridge). */
  add(host: string): Promise<string>;
  /** Spawns a command inside a host's namespace (`ip netns exec` replaces itself by the command: the pid is the command's). */
  spawn(host: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; log?: string }): ChildProcess;
  /** Deletes every namespace, veth and the bridge. */
  destroy(): Promise<void>;
}

/** Why namespaces cannot be used here, or undefined when they can: root, iproute2, and `ip netns add` allowed. */
export function namespacesUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (ip netns add)';
  const probe = `ntgprobe${process.pid % 100_000}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.error) return `iproute2's ip is not available: ${added.error.message}`;
  if (added.status !== 0) return `ip netns add is not allowed here: ${added.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** haproxy from Debian's packages, installed on first use (as root, like CI). Returns why it is not available, if not. */
export function ensureHaproxy(): string | undefined {
  if (spawnSync('haproxy', ['-v']).status === 0) return undefined;
  const update = spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'haproxy'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (spawnSync('haproxy', ['-v']).status === 0) return undefined;
  return `haproxy could not be installed: ${(install.stderr || update.stderr || '').trim().slice(-300)}`;
}

export async function createHosts(): Promise<Hosts> {
  const id = `${process.pid % 10_000}${Math.floor(Math.random() * 90 + 10)}`;
  // 10.213.N.0/24, N from the run's id: concurrent runs on one machine take different subnets.
  const subnet = `10.213.${Number(id) % 250 + 1}`;
  const bridge = `ntgbr${id}`;
  const hosts = new Map<string, { ns: string; veth: string; address: string }>();
  const ip = (...args: string[]) => run('ip', args);
  await ip('link', 'add', bridge, 'type', 'bridge');
  await ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
  await ip('link', 'set', bridge, 'up');
  return {
    bridgeAddress: `${subnet}.1`,
    addressOf(host) {
      const found = hosts.get(host);
      if (!found) throw new Error(`no host ${host}`);
      return found.address;
    },
    namespaceOf(host) {
      const found = hosts.get(host);
      if (!found) throw new Error(`no host ${host}`);
      return found.ns;
    },
    async add(host) {
      const index = hosts.size + 2;
      const ns = `ntg${id}-${host}`;
      const veth = `ntv${id}${index}`;
      const address = `${subnet}.${index}`;
      await ip('netns', 'add', ns);
      hosts.set(host, { ns, veth, address });
      await ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`);
      await ip('link', 'set', veth, 'master', bridge);
      await ip('link', 'set', veth, 'up');
      await ip('link', 'set', `${veth}p`, 'netns', ns);
      await ip('-n', ns, 'link', 'set', `${veth}p`, 'name', 'eth0');
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      return address;
    },
    spawn(host, command, args, options) {
      const { ns } = hosts.get(host) ?? (() => { throw new Error(`no host ${host}`); })();
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      if (options.log) {
        const log = options.log;
        for (const stream of [child.stdout, child.stderr]) {
          if (stream) createInterface({ input: stream }).on('line', (line) => appendFileSync(log, `${line}\n`));
        }
      } else {
        child.stdout?.resume();
        child.stderr?.resume();
      }
      return child;
    },
    async destroy() {
      for (const { ns, veth } of hosts.values()) {
        // Whatever still runs in the run's own namespaces (a service that outlived its test) ends with them.
        const { stdout } = await ip('netns', 'pids', ns).catch(() => ({ stdout: '' }));
        for (const pid of stdout.split('\n').map(Number).filter((p) => p > 0)) {
          try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
        }
        await ip('link', 'del', veth).catch(() => {});
        await ip('netns', 'del', ns).catch(() => {});
      }
      await ip('link', 'del', bridge).catch(() => {});
    },
  };
}

/** A throwaway PostgreSQL cluster listening on a host's address, inside its namespace, trusting the run's subnet. */
export async function startPostgresOn(hosts: Hosts, host: string): Promise<{ url(database: string): string; createDatabases(names: string[]): Promise<void>; destroy(): Promise<void> }> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql/15/bin)');
  const address = hosts.addressOf(host);
  const root = mkdtempSync(join(tmpdir(), 'ntg-netns-pg-'));
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  chownSync(root, Number(uid.trim()), Number(gid.trim()));
  chmodSync(root, 0o700);
  const dataDir = join(root, 'data');
  const asPostgres = (tool: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]);
  await asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // The other hosts connect over the bridge: trust the run's own subnet, nothing else.
  const subnet = `${address.split('.').slice(0, 3).join('.')}.0/24`;
  await run('runuser', ['-u', 'postgres', '--', 'sh', '-c', `echo "host all all ${subnet} trust" >> ${dataDir}/pg_hba.conf`]);
  const options = `-p 5432 -k ${root} -c listen_addresses=${address} -c fsync=off -c max_connections=200`;
  const start = spawnSync('ip', ['netns', 'exec', hosts.namespaceOf(host), 'runuser', '-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', 'start'], { encoding: 'utf8' });
  if (start.status !== 0) throw new Error(`PostgreSQL did not start in ${host}: ${start.stderr}${start.stdout}`);
  const url = (database: string) => `postgres://postgres@${address}:5432/${database}`;
  return {
    url,
    async createDatabases(names) {
      const { default: postgres } = await import('postgres');
      const admin = postgres(url('postgres'), { max: 1, onnotice: () => {} });
      try {
        for (const name of names) await admin.unsafe(`create database "${name}"`);
      } finally {
        await admin.end();
      }
    },
    async destroy() {
      spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** haproxy in front of the gateway replicas: round robin, /health checks, a failed connection retried on another replica. */
export function haproxyConfig(listen: string, backends: readonly string[]): string {
  return [
    'global',
    '  maxconn 256',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure empty-response response-timeout',
    'frontend graph',
    `  bind ${listen}`,
    '  default_backend gateways',
    'backend gateways',
    '  balance roundrobin',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    ...backends.map((backend, i) => `  server gw${i + 1} ${backend} check inter 500ms fall 2 rise 2`),
    '',
  ].join('\n');
}

export function writeFile(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}
