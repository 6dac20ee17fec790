import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The explorer's files, all from installed npm packages, served by the gateway itself: the provincial network
 * has no internet, so Apollo's Sandbox (loaded from Apollo's CDN) is a blank page there.
 *
 * Why the prebuilt UMD files rather than a Vite/esbuild bundle: graphiql 3.x ships `graphiql.min.js` and
 * `graphiql.min.css` (fonts inlined as data: URLs) and React 18 ships UMD builds, so a fresh clone installed from
 * the lockfile serves the explorer at once: no build step in CI or at start-up, no bundler to keep working on
 * Node 20, nothing generated to commit. (graphiql 4 deprecated its UMD build and 5 dropped it along with React 18;
 * staying on 3.x is the price, paid only by this page.)
 */
const require = createRequire(import.meta.url);

function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

interface AssetSource {
  readonly path: () => string;
  readonly contentType: string;
}

const SOURCES: Readonly<Record<string, AssetSource>> = {
  'react.production.min.js': { path: () => packageFile('react', 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { path: () => packageFile('react-dom', 'umd/react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { path: () => packageFile('graphiql', 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { path: () => packageFile('graphiql', 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  'explorer.js': { path: () => fileURLToPath(new URL('../static/explorer.js', import.meta.url)), contentType: 'text/javascript; charset=utf-8' },
  'explorer.css': { path: () => fileURLToPath(new URL('../static/explorer.css', import.meta.url)), contentType: 'text/css; charset=utf-8' },
};

export type AssetName = keyof typeof SOURCES;

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  /** Gzipped once: graphiql.min.js is about 1 MB, 260 kB gzipped, on slow district links. */
  readonly gzipped: Buffer;
  /** Content hash, in the page's URLs: the files can be cached for good and still change with an upgrade. */
  readonly version: string;
}

const loaded = new Map<string, Asset>();

export function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(SOURCES, name);
}

/** Reads an asset on first use and keeps it in memory (about 1.5 MB in all). */
export function asset(name: AssetName): Asset {
  let found = loaded.get(name);
  if (!found) {
    const source = SOURCES[name]!;
    const body = readFileSync(source.path());
    found = { contentType: source.contentType, body, gzipped: gzipSync(body), version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
    loaded.set(name, found);
  }
  return found;
}
