/**
 * Builds every service of the split layout to plain JavaScript for deployment: `pnpm --filter @ntg/launcher
 * build:services [OUT]` writes OUT/<service>/ (default deploy/dist/<service>/), which runs with `node main.js` and
 * nothing else: no tsx, no node_modules, no workspace.
 *
 * The workspace packages export TypeScript, so each service's entry (subgraphs/<name>/src/main.ts,
 * gateway/src/main.ts) is bundled by esbuild with everything it imports. Files read at run time beside the
 * sources (schema.graphql, the shared SDL, drizzle/ migrations, units.graphql, gateway/supergraph.graphql) are
 * copied into the bundle's folder at the same paths relative to a workspace marker (pnpm-workspace.yaml), and
 * each source file's `import.meta.url` is rewritten to its place in that copy, so `new URL('../x', import.meta.url)`
 * finds them as it does in the workspace.
 *
 * A built service runs on PostgreSQL (DATABASE_URL or <NAME>_DATABASE_URL): the embedded PGlite loads WASM files of
 * its own package and is left out of the bundle; without a database URL the service says so and exits.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { readCommittedSupergraph, supergraphSubgraphs } from '@ntg/gateway';
import { workspaceRoot } from '@ntg/subgraph-kit';
import { GATEWAY } from './split';

export interface BuiltService {
  readonly name: string;
  /** The folder with main.js and its files. */
  readonly dir: string;
  readonly bytes: number;
}

/** The services: every subgraph the committed supergraph calls, and the gateway. */
export function serviceEntries(root: string = workspaceRoot()): { name: string; entry: string }[] {
  const subgraphs = supergraphSubgraphs(readCommittedSupergraph()).map((s) => ({ name: s.name, entry: join('subgraphs', s.name, 'src', 'main.ts') }));
  return [...subgraphs, { name: GATEWAY, entry: join('gateway', 'src', 'main.ts') }].filter((s) => existsSync(join(root, s.entry)));
}

/** Files read at run time next to the sources, copied into every bundle at the same relative path. */
function runtimeAssets(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statSync(join(root, path));
      if (stat.isDirectory()) {
        if (name === 'drizzle') found.push(path);
        else if (name !== 'src' && name !== 'test' && name !== 'codegen') visit(path);
      } else if (name.endsWith('.graphql')) {
        found.push(path);
      }
    }
  };
  // queries/: the saved operations the gateway's /export/ and /reports/ routes run.
  for (const top of ['gateway', 'packages', 'subgraphs', 'queries']) visit(top);
  return found;
}

/** `import.meta.url` of each workspace source file, as the URL of its copy under the bundle's folder. */
function workspaceMetaUrl(root: string): Plugin {
  return {
    name: 'workspace-import-meta-url',
    setup(context) {
      context.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const rel = relative(root, args.path).split('\\').join('/');
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __ntgRootUrl).href`), loader: 'ts' };
      });
    },
  };
}

/** PGlite's JavaScript loads its WASM from its own package folder: a built service runs on PostgreSQL instead. */
const withoutPglite: Plugin = {
  name: 'without-pglite',
  setup(context) {
    context.onResolve({ filter: /^@electric-sql\/pglite(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'without-pglite' }));
    context.onLoad({ filter: /.*/, namespace: 'without-pglite' }, () => ({
      // drizzle's PGlite session reads type ids from `types` when it loads; none is used without PGlite.
      contents: `export const types = new Proxy({}, { get: () => 0 });\nexport class PGlite { constructor() { throw new Error('This build runs on PostgreSQL: set DATABASE_URL or <NAME>_DATABASE_URL (the embedded PGlite is not bundled)'); } }`,
      loader: 'js',
    }));
  },
};

const BANNER = [
  // CommonJS packages in an ESM bundle still call require() and read __dirname.
  `import { createRequire as __ntgCreateRequire } from 'node:module';`,
  `import { fileURLToPath as __ntgFileURLToPath } from 'node:url';`,
  `const require = __ntgCreateRequire(import.meta.url);`,
  `const __filename = __ntgFileURLToPath(import.meta.url);`,
  `const __dirname = __ntgFileURLToPath(new URL('.', import.meta.url));`,
  // The copy of the workspace's run-time files sits in root/ beside main.js.
  `const __ntgRootUrl = new URL('./root/', import.meta.url);`,
].join('\n');

export async function buildService(service: { name: string; entry: string }, outDir: string, root: string = workspaceRoot()): Promise<BuiltService> {
  const dir = resolve(outDir, service.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'root'), { recursive: true });
  await build({
    entryPoints: [join(root, service.entry)],
    outfile: join(dir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // One graphql-js for every importer: Apollo's CommonJS packages load graphql's CommonJS build, so ours must too.
    mainFields: ['main'],
    conditions: ['require', 'node', 'default'],
    banner: { js: BANNER },
    // Build tools some routes load lazily at run time (Vite, for a page built on first request) stay out of the
    // bundle: a deployment ships such pages prebuilt.
    external: ['vite', 'fsevents', 'lightningcss'],
    legalComments: 'none',
    logLevel: 'error',
    plugins: [withoutPglite, workspaceMetaUrl(root)],
  });
  // A subgraph's own files, not the other departments'.
  const assets = runtimeAssets(root).filter((asset) => !asset.startsWith('subgraphs/') || asset.startsWith(`subgraphs/${service.name}/`));
  for (const asset of assets) cpSync(join(root, asset), join(dir, 'root', asset), { recursive: true });
  // findWorkspaceRoot() looks for this marker: the copy is the built service's workspace root.
  writeFileSync(join(dir, 'root', 'pnpm-workspace.yaml'), '# the run-time files of a built service\n');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `@ntg/${service.name}-dist`, private: true, type: 'module', main: 'main.js' }, null, 2)}\n`);
  return { name: service.name, dir, bytes: statSync(join(dir, 'main.js')).size };
}

export async function buildServices(outDir: string, names?: readonly string[]): Promise<BuiltService[]> {
  const root = workspaceRoot();
  const built: BuiltService[] = [];
  for (const service of serviceEntries(root)) {
    if (names && names.length > 0 && !names.includes(service.name)) continue;
    built.push(await buildService(service, outDir, root));
  }
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out = join(workspaceRoot(), 'deploy', 'dist'), ...names] = process.argv.slice(2);
  for (const service of await buildServices(resolve(process.env.INIT_CWD ?? process.cwd(), out), names)) {
    console.log(`${service.name}: ${relative(process.env.INIT_CWD ?? process.cwd(), service.dir)}/main.js (${(service.bytes / 1_048_576).toFixed(1)} MiB)`);
  }
}
