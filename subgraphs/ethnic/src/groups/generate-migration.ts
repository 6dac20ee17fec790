import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethnicGroupsMigrationSql } from './reference';

/**
 * `pnpm --filter @ntg/subgraph-ethnic run db:groups`: after the Ethnic Committee's list changes in
 * @ntg/ethnic-groups, writes a new custom migration that brings ethnic.ethnic_groups to it. Applied migrations are
 * history and never edited; the spec that compares the table with the package fails until this has been run.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const generated = spawnSync('drizzle-kit', ['generate', '--custom', '--name', 'ethnic_groups_from_reference'], { cwd: root, stdio: 'inherit' });
if (generated.status !== 0) process.exit(generated.status ?? 1);
const journal = JSON.parse(readFileSync(join(root, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
const path = join(root, 'drizzle', `${journal.entries.at(-1)!.tag}.sql`);
writeFileSync(path, ethnicGroupsMigrationSql());
console.log(`wrote ${path}`);
