import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';

/** The package folder: index.html and src/app/ are the page's sources. */
export const DASHBOARD_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One built file of the page, as the gateway serves it. */
export interface BuiltFile {
  /** Relative to the page's folder: "index.html", "assets/index-3f2a.js". */
  readonly name: string;
  readonly body: Buffer;
}

/**
 * Vite's settings for the page: relative URLs (the page works under any path prefix), every asset a file of its
 * own (nothing inlined as data: except what the sources say), no module-preload polyfill (evergreen browsers).
 */
export function dashboardViteConfig(write: boolean, outDir = 'dist'): InlineConfig {
  return {
    configFile: false,
    root: DASHBOARD_ROOT,
    base: './',
    logLevel: 'warn',
    clearScreen: false,
    build: { write, outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, modulePreload: { polyfill: false }, reportCompressedSize: false },
  };
}

/** Builds the page in memory with Vite's API (a second or two) and returns its files. */
export async function buildDashboard(): Promise<BuiltFile[]> {
  const { build } = await import('vite');
  const result = await build(dashboardViteConfig(false));
  const outputs = Array.isArray(result) ? result : [result];
  const files: BuiltFile[] = [];
  for (const output of outputs) {
    if (!('output' in output)) throw new Error('Vite returned a watcher, not a build');
    for (const item of output.output) {
      const body = item.type === 'chunk' ? item.code : item.source;
      files.push({ name: item.fileName, body: Buffer.from(body) });
    }
  }
  return files;
}

/**
 * The page as `pnpm --filter @ntg/dashboard build` wrote it to `folder`: what a bundled gateway (deploy/, no Vite
 * and no page sources in its image) serves, named by DASHBOARD_DIR.
 */
export async function readBuiltDashboard(folder: string): Promise<BuiltFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = await Promise.all(entries.filter((entry) => entry.isFile()).map(async (entry) => {
    const path = join(entry.parentPath, entry.name);
    return { name: relative(folder, path).split(sep).join('/'), body: await readFile(path) };
  }));
  if (!files.some((file) => file.name === 'index.html')) throw new Error(`${folder} holds no built dashboard (index.html)`);
  return files;
}
