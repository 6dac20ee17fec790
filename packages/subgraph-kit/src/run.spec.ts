import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devKeysDir } from './dev-keys';
import { describeDatabase, subgraphRunConfig } from './run';
import { portFromEnv, seedFromEnv } from './service-config';
import { dataRootDir, findWorkspaceRoot, workspaceRoot } from './workspace';

describe('the workspace root', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ntg-root-'));
    mkdirSync(join(scratch, 'repo', 'subgraphs', 'dolisa', 'src'), { recursive: true });
    writeFileSync(join(scratch, 'repo', 'pnpm-workspace.yaml'), 'packages: []\n');
    mkdirSync(join(scratch, 'elsewhere', 'deep'), { recursive: true });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is the nearest folder above holding pnpm-workspace.yaml', () => {
    expect(findWorkspaceRoot(join(scratch, 'repo', 'subgraphs', 'dolisa', 'src'))).toBe(join(scratch, 'repo'));
    expect(findWorkspaceRoot(join(scratch, 'repo'))).toBe(join(scratch, 'repo'));
  });

  it('is undefined outside a workspace', () => {
    expect(findWorkspaceRoot(join(scratch, 'elsewhere', 'deep'))).toBeUndefined();
  });

  it('of this checkout is found from the kit itself, whatever the current directory', () => {
    expect(workspaceRoot()).toBe(resolve(import.meta.dirname, '../../..'));
  });

  it('anchors a relative NTG_DATA_DIR (and the default .data), not the current directory', () => {
    expect(dataRootDir({}, '/srv/graph')).toBe('/srv/graph/.data');
    expect(dataRootDir({ NTG_DATA_DIR: 'var/ntg' }, '/srv/graph')).toBe('/srv/graph/var/ntg');
    expect(dataRootDir({ NTG_DATA_DIR: '/mnt/ntg' }, '/srv/graph')).toBe('/mnt/ntg');
    expect(devKeysDir({ NTG_DATA_DIR: '/mnt/ntg' })).toBe('/mnt/ntg/dev-keys');
  });
});

describe('a subgraph run from the environment', () => {
  const dolisa = { name: 'dolisa', defaultPort: 4001 };
  const root = '/srv/graph';

  it('defaults to its own port on 127.0.0.1, PGlite under <root>/.data/<name>, the full seed 2023', () => {
    expect(subgraphRunConfig(dolisa, {}, root)).toEqual({
      port: 4001,
      host: '127.0.0.1',
      database: { backend: 'pglite', dataDir: '/srv/graph/.data/dolisa' },
      seed: { seed: 2023, scale: 1 },
    });
  });

  it('reads PORT, HOST, NTG_DATA_DIR, SEED and SEED_SCALE', () => {
    const config = subgraphRunConfig(dolisa, { PORT: '0', HOST: '0.0.0.0', NTG_DATA_DIR: 'tmp/run', SEED: '7', SEED_SCALE: '0.02' }, root);
    expect(config).toEqual({ port: 0, host: '0.0.0.0', database: { backend: 'pglite', dataDir: '/srv/graph/tmp/run/dolisa' }, seed: { seed: 7, scale: 0.02 } });
  });

  it("prefers the department's own database URL to DATABASE_URL, and never shows the password", () => {
    const shared = subgraphRunConfig(dolisa, { DATABASE_URL: 'postgres://app:secret@db:5432/graph' }, root);
    expect(shared.database).toEqual({ backend: 'postgres', url: 'postgres://app:secret@db:5432/graph', variable: 'DATABASE_URL' });
    const own = subgraphRunConfig(dolisa, { DATABASE_URL: 'postgres://db/graph', DOLISA_DATABASE_URL: 'postgres://app:secret@dolisa-db:5432/dolisa' }, root);
    expect(own.database).toMatchObject({ url: 'postgres://app:secret@dolisa-db:5432/dolisa', variable: 'DOLISA_DATABASE_URL' });
    expect(describeDatabase(own.database)).toBe('postgres (DOLISA_DATABASE_URL: dolisa-db:5432/dolisa)');
    expect(subgraphRunConfig({ name: 'finance', defaultPort: 4003 }, { DOLISA_DATABASE_URL: 'postgres://dolisa-db/dolisa' }, root).database.backend).toBe('pglite');
  });

  it('writes no demo data with NTG_SEED=false', () => {
    expect(seedFromEnv({ NTG_SEED: 'false', SEED_SCALE: '5' })).toBe(false);
    expect(seedFromEnv({ NTG_SEED: 'true' })).toEqual({ seed: 2023, scale: 1 });
  });

  it('refuses a malformed PORT, SEED or SEED_SCALE outside (0, 2] with the variable named', () => {
    expect(() => portFromEnv({ PORT: '40o1' }, 4001)).toThrow(/PORT must be a port number/);
    expect(() => portFromEnv({ PORT: '70000' }, 4001)).toThrow(/PORT/);
    expect(() => seedFromEnv({ SEED: 'abc' })).toThrow(/SEED must be an integer/);
    for (const scale of ['0', '-1', '2.5', 'lots']) expect(() => seedFromEnv({ SEED_SCALE: scale })).toThrow(/SEED_SCALE must be a number in \(0, 2\]/);
    expect(seedFromEnv({ SEED_SCALE: '2' })).toEqual({ seed: 2023, scale: 2 });
  });

  it('allows SEED_SCALE up to 10 on PostgreSQL (the bench\'s 10x province), 2 on PGlite', () => {
    expect(seedFromEnv({ SEED_SCALE: '10', DATABASE_URL: 'postgres://db/graph' })).toEqual({ seed: 2023, scale: 10 });
    expect(seedFromEnv({ SEED_SCALE: '10', DOLISA_DATABASE_URL: 'postgres://db/dolisa' })).toEqual({ seed: 2023, scale: 10 });
    expect(() => seedFromEnv({ SEED_SCALE: '10.5', DATABASE_URL: 'postgres://db/graph' })).toThrow(/SEED_SCALE must be a number in \(0, 10\]/);
    expect(() => seedFromEnv({ SEED_SCALE: '10' })).toThrow(/SEED_SCALE must be a number in \(0, 2\] \(up to 10 on PostgreSQL\)/);
    expect(() => seedFromEnv({ SEED_SCALE: '3', DATABASE_URL: ' ' })).toThrow(/\(0, 2\]/);
  });
});
