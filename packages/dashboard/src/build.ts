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
