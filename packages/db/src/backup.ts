import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Backups of the embedded databases (PGlite data folders under .data/<department>). A backup is a folder holding
 * one gzip'd tarball per department, made by PGlite itself (`dumpDataDir`, a consistent copy after a checkpoint),
 * and a manifest. The graph must be stopped: two processes must never open one data folder. PostgreSQL servers are
 * backed up with the server's own tools (docs/OPERATIONS.md).
 */

export interface BackupManifest {
  createdAt: string;
  /** Department name -> tarball file name in the backup folder. */
  departments: Record<string, string>;
  pglite: string;
}

/** A PGlite data folder: PG_VERSION at its top. */
export function isDataFolder(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION')) && statSync(dir).isDirectory();
}

/** PGlite keeps postmaster.pid while a database is open and removes it on a clean close. */
export function inUse(dir: string): boolean {
  return existsSync(join(dir, 'postmaster.pid'));
}

/** The department data folders under a data root (.data), by name. */
export function departmentFolders(dataRoot: string): string[] {
  if (!existsSync(dataRoot)) return [];
  return readdirSync(dataRoot).filter((name) => isDataFolder(join(dataRoot, name))).sort();
}

export class BackupRefused extends Error {}

function refuseIfInUse(dir: string, force: boolean): void {
  if (inUse(dir) && !force) {
    throw new BackupRefused(`${dir} is open (postmaster.pid): stop the graph first. After a crash, pass --force.`);
  }
}

/** Writes a backup of every department under dataRoot into `target` (created); returns its manifest. */
export async function backupDataRoot(dataRoot: string, target: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BackupManifest> {
  const names = departmentFolders(dataRoot);
  if (names.length === 0) throw new BackupRefused(`No embedded databases under ${resolve(dataRoot)}`);
  for (const name of names) refuseIfInUse(join(dataRoot, name), options.force ?? false);
  mkdirSync(target, { recursive: true });
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), departments: {}, pglite: PGLITE_VERSION };
  for (const name of names) {
    const db = new PGlite(join(dataRoot, name));
    try {
      await db.waitReady;
      await db.exec('checkpoint');
      const dump = await db.dumpDataDir('gzip');
      const file = `${name}.tar.gz`;
      writeFileSync(join(target, file), Buffer.from(await dump.arrayBuffer()));
      manifest.departments[name] = file;
      options.log?.(`${name}: ${(dump.size / 1024 / 1024).toFixed(1)} MB`);
    } finally {
      await db.close();
    }
  }
  writeFileSync(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup folder into dataRoot. The current folders are kept beside, renamed `<name>.before-restore-<time>`,
 * so a restore never destroys anything; each restored database is opened and checked before the next.
 */
export async function restoreDataRoot(backup: string, dataRoot: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<string[]> {
  const manifestPath = join(backup, 'manifest.json');
  if (!existsSync(manifestPath)) throw new BackupRefused(`${backup} is not a backup folder (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  const names = Object.keys(manifest.departments);
  for (const name of names) {
    const dir = join(dataRoot, name);
    if (existsSync(dir)) refuseIfInUse(dir, options.force ?? false);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(dataRoot, { recursive: true });
  for (const name of names) {
    const dir = join(dataRoot, name);
    if (existsSync(dir)) renameSync(dir, `${dir}.before-restore-${stamp}`);
    const bytes = readFileSync(join(backup, manifest.departments[name]!));
    const db = new PGlite(dir, { loadDataDir: new Blob([bytes], { type: 'application/x-gzip' }) });
    try {
      await db.waitReady;
      await db.query('select 1');
    } finally {
      await db.close();
    }
    options.log?.(`${name}: restored`);
  }
  return names;
}

const PGLITE_VERSION: string = (() => {
  try {
    const url = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();
