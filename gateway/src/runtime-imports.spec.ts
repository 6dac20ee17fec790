import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every workspace source file an entry point loads, following imports through the workspace packages (@ntg/*) and
 * leaving third-party packages out: esbuild resolves the graph the way Node and tsx do, without running it.
 */
async function workspaceImportGraph(entry: string): Promise<string[]> {
  const thirdPartyExternal: Plugin = {
    name: 'third-party-external',
    setup(context) {
      context.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ntg/') ? undefined : { path: args.path, external: true }));
    },
  };
  const result = await build({
    entryPoints: [resolve(workspaceRoot, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [thirdPartyExternal],
  });
  return Object.keys(result.metafile.inputs).map((input) => relative(workspaceRoot, resolve(process.cwd(), input)));
}

function packagesOf(files: readonly string[]): string[] {
  return [...new Set(files.map((file) => file.split('/').slice(0, 2).join('/')))].sort();
}

describe('the gateway at run time', () => {
  it('imports no subgraph package: main.ts loads only the gateway runtime and shared packages', async () => {
    const files = await workspaceImportGraph('gateway/src/main.ts');
    expect(files.filter((file) => file.startsWith('subgraphs/'))).toEqual([]);
    expect(packagesOf(files)).toEqual(expect.arrayContaining(['gateway/src', 'packages/auth', 'packages/http', 'packages/subgraph-kit']));
    expect(files).toEqual(expect.arrayContaining(['gateway/src/main.ts', 'gateway/src/gateway.ts', 'packages/subgraph-kit/src/limits.ts', 'gateway/src/supergraph.ts']));
    expect(files).not.toContain('gateway/src/compose.ts');
    expect(files).not.toContain('gateway/src/subgraphs.ts');
  });

  it('is told apart from composition tooling, which does import every subgraph (the check above can fail)', async () => {
    const files = await workspaceImportGraph('gateway/src/composition.ts');
    expect(packagesOf(files.filter((file) => file.startsWith('subgraphs/')))).toEqual([
      'subgraphs/agriculture', 'subgraphs/dolisa', 'subgraphs/ethnic', 'subgraphs/finance', 'subgraphs/front',
    ]);
  });
});
