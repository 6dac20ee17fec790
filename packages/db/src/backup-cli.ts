import { join, resolve } from 'node:path';
import { BackupRefused, backupDataRoot, restoreDataRoot } from './backup';

/**
 * `pnpm backup [folder]` and `pnpm restore <folder>` for the embedded databases in NTG_DATA_DIR (default .data).
 * The graph must be stopped (pnpm start holds the data folders open); `--force` after a crash.
 */
const [command, ...rest] = process.argv.slice(2);
const force = rest.includes('--force');
const folder = rest.find((a) => !a.startsWith('--'));
const dataRoot = process.env.NTG_DATA_DIR ?? '.data';
const log = (line: string) => console.log(`  ${line}`);

try {
  if (command === 'backup') {
    const target = folder ?? join('backups', new Date().toISOString().replace(/[:.]/g, '-'));
    console.log(`Backing up the embedded databases in ${resolve(dataRoot)} to ${resolve(target)}:`);
    await backupDataRoot(dataRoot, target, { force, log });
    console.log(`Done. Restore with: pnpm restore ${target}`);
  } else if (command === 'restore') {
    if (!folder) throw new BackupRefused('Usage: pnpm restore <backup folder> [--force]');
    console.log(`Restoring ${resolve(folder)} into ${resolve(dataRoot)} (the current data is kept beside, renamed *.before-restore-*):`);
    await restoreDataRoot(folder, dataRoot, { force, log });
    console.log('Done. Start the graph again with pnpm start.');
  } else {
    throw new BackupRefused('Usage: pnpm backup [folder] [--force] | pnpm restore <folder> [--force]');
  }
} catch (error) {
  if (!(error instanceof BackupRefused)) throw error;
  console.error(error.message);
  process.exit(2);
}
