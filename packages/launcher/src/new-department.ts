import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '@ntg/subgraph-kit';

/**
 * `pnpm new:department <name> [--port 4006]`: a sixth department from `templates/department`, the steps of
 * docs/ARCHITECTURE.md ("Adding a department") done for you: the subgraph folder with its names filled in, the
 * department added to the callers' departments and to the composition, its migrations (tables and the audit
 * trail's append-only trigger), its generated types and the regenerated supergraph. It then answers queries.
 */

export interface NewDepartment {
  /** Lower-case letters: the folder, the Postgres schema, the env prefix (`WELFARE_DATABASE_URL`). */
  name: string;
  port: number;
  root?: string;
  log?: (line: string) => void;
}

export function newDepartment({ name, port, root = workspaceRoot(), log = console.log }: NewDepartment): string {
  if (!/^[a-z][a-z]{2,19}$/.test(name)) throw new Error(`A department's name is 3-20 lower-case letters (it names a folder, a schema and an env prefix), got "${name}"`);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`--port must be a port number, got ${port}`);
  const folder = join(root, 'subgraphs', name);
  if (existsSync(folder)) throw new Error(`subgraphs/${name} exists already`);
  const pascal = name[0]!.toUpperCase() + name.slice(1);
  const upper = name.toUpperCase();
  const fill = (text: string) => text.replaceAll('__dept__', name).replaceAll('__Dept__', pascal).replaceAll('__DEPT__', upper).replaceAll('__port__', String(port));

  // 1. The subgraph folder, from the template.
  cpSync(join(root, 'templates', 'department'), folder, { recursive: true });
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? walk(join(dir, entry)) : [join(dir, entry)]));
  for (const file of walk(folder)) writeFileSync(file, fill(readFileSync(file, 'utf8')));
  log(`created subgraphs/${name} from templates/department`);

  // 2. Its officers: the department joins the callers' departments (tokens may name it).
  const callerPath = join(root, 'packages', 'auth', 'src', 'caller.ts');
  const caller = readFileSync(callerPath, 'utf8');
  writeFileSync(callerPath, caller.replace(/(export const DEPARTMENTS = \[[^\]]*?)'PROVINCE'\]/, `$1'${upper}', 'PROVINCE']`));

  // 3. The composition: the gateway's list of subgraphs and its dependencies.
  const listPath = join(root, 'gateway', 'src', 'subgraphs.ts');
  const list = readFileSync(listPath, 'utf8')
    .replace(/(import \{ front \} from '@ntg\/subgraph-front';\n)/, `$1import { ${name} } from '@ntg/subgraph-${name}';\n`)
    .replace(/(= \[dolisa, agriculture, finance, ethnic, front[^\]]*)\]/, `$1, ${name}]`);
  writeFileSync(listPath, list);
  const gatewayPackagePath = join(root, 'gateway', 'package.json');
  const gatewayPackage = JSON.parse(readFileSync(gatewayPackagePath, 'utf8')) as { dependencies: Record<string, string> };
  gatewayPackage.dependencies[`@ntg/subgraph-${name}`] = 'workspace:*';
  gatewayPackage.dependencies = Object.fromEntries(Object.entries(gatewayPackage.dependencies).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(gatewayPackagePath, `${JSON.stringify(gatewayPackage, null, 2)}\n`);

  // 4. Install (links the new package), types, migrations, supergraph.
  const pnpm = (args: string[], cwd = root) => execFileSync('pnpm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  // A new workspace package changes the lockfile; under CI=true pnpm would refuse that by default.
  pnpm(['install', '--offline', '--no-frozen-lockfile']);
  pnpm(['run', 'codegen']);
  pnpm(['run', 'db:generate', '--name', 'init'], folder);
  pnpm(['run', 'db:generate', '--custom', '--name', 'audit_log_append_only'], folder);
  const trigger = readdirSync(join(folder, 'drizzle')).find((f) => f.endsWith('_audit_log_append_only.sql'))!;
  const triggerSql = execFileSync(process.execPath, ['--import', 'tsx', '-e', `import { appendOnlyTriggerSql } from '@ntg/auth'; console.log(appendOnlyTriggerSql('${name}'))`], { cwd: folder, encoding: 'utf8' });
  writeFileSync(join(folder, 'drizzle', trigger), `-- The audit trail is append-only: UPDATE, DELETE and TRUNCATE raise an error.\n${triggerSql}`);
  pnpm(['run', 'compose']);
  log(`added ${upper} to the departments, ${name} to gateway/src/subgraphs.ts; generated types, migrations and the supergraph`);
  return folder;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values, positionals } = parseArgs({ options: { port: { type: 'string' } }, allowPositionals: true });
  const name = positionals[0];
  if (!name) {
    console.error('Usage: pnpm new:department <name> [--port 4006]');
    process.exit(2);
  }
  try {
    const folder = newDepartment({ name, port: Number(values.port ?? 4006) });
    console.log(`\n${folder} answers now: pnpm start, then as an officer of ${name.toUpperCase()} (pnpm run token --department ${name.toUpperCase()} --role officer --area 58)
  mutation { record${name[0]!.toUpperCase()}${name.slice(1)}Visit(input: { communeCode: "22783", date: "2025-03-01", purpose: "…" }) { id } }
Replace the example feature (src/visits, its table and SDL) with the department's own, then pnpm codegen, db:generate, compose.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
