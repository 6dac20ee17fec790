import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { BackupRefused, backupDataRoot, restoreDataRoot } from './backup';

describe('backups of the embedded databases', () => {
  const root = mkdtempSync(join(tmpdir(), 'ntg-backup-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const data = join(root, 'data');
  mkdirSync(data);
  const count = async (name: string) => {
    const db = new PGlite(join(data, name));
    try {
      return (await db.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n;
    } finally {
      await db.close();
    }
  };

  it('copies every department, refuses while one is open, and restores without destroying the current data', async () => {
    for (const [name, rows] of [['dolisa', 3], ['finance', 1]] as const) {
      const db = new PGlite(join(data, name));
      await db.exec(`create table t (x int); insert into t select generate_series(1, ${rows});`);
      await db.close();
    }
    const open = new PGlite(join(data, 'finance'));
    await open.waitReady;
    await expect(backupDataRoot(data, join(root, 'refused'))).rejects.toBeInstanceOf(BackupRefused);
    await open.close();

    const manifest = await backupDataRoot(data, join(root, 'b1'));
    expect(Object.keys(manifest.departments)).toEqual(['dolisa', 'finance']);

    const later = new PGlite(join(data, 'dolisa'));
    await later.exec('insert into t values (99), (100)');
    await later.close();
    expect(await count('dolisa')).toBe(5);

    expect(await restoreDataRoot(join(root, 'b1'), data)).toEqual(['dolisa', 'finance']);
    expect(await count('dolisa')).toBe(3);
    expect(await count('finance')).toBe(1);
    // The data as it was before the restore is kept beside it.
    expect(readdirSync(data).filter((n) => n.startsWith('dolisa.before-restore-'))).toHaveLength(1);
    expect(existsSync(join(root, 'b1', 'manifest.json'))).toBe(true);
  }, 60_000);
});
