import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Routes } from '@ntg/http';
import { listSavedOperations, type SavedOperation } from '@ntg/operations';
import { asset, isAssetName, type AssetName } from './assets';

export interface ExplorerOptions {
  /** Where the page is served (for browsers asking for HTML); the explorer POSTs its queries to the same path. */
  graphqlPath?: string;
  /** The saved operations offered in the page; default the files of queries/, read on each page load. */
  savedOperations?: () => readonly SavedOperation[];
}

/** Every asset URL hangs under this folder, next to the page: relative URLs keep working behind a path prefix. */
const ASSETS_FOLDER = 'explorer/';
const PAGE_ASSETS: readonly AssetName[] = ['graphiql.min.css', 'explorer.css', 'react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'explorer.js'];

/**
 * Only this origin: the page cannot load or send anything elsewhere, even if a dependency tried. GraphiQL sets
 * inline style attributes, and its CSS carries its fonts as data: URLs.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function explorerPage(savedOperations: readonly SavedOperation[], assetPrefix: string): string {
  const url = (name: AssetName) => escapeHtml(`${assetPrefix}${name}?v=${asset(name).version}`);
  const config = {
    savedOperations: savedOperations.map((s) => ({ name: s.name, operationName: s.operationName, query: s.source, variables: s.exampleVariables ?? null })),
  };
  const styles = PAGE_ASSETS.filter((a) => a.endsWith('.css')).map((a) => `<link rel="stylesheet" href="${url(a)}">`);
  const scripts = PAGE_ASSETS.filter((a) => a.endsWith('.js')).map((a) => `<script src="${url(a)}"></script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ninh Thuận poverty-reduction graph: explorer</title>
${styles.join('\n')}
<script type="application/json" id="explorer-config">${scriptJson(config)}</script>
</head>
<body>
<div id="explorer"><noscript>The explorer needs JavaScript.</noscript></div>
${scripts.join('\n')}
</body>
</html>
`;
}

function acceptsHtml(request: IncomingMessage): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

function send(request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string, gzipped?: Buffer): void {
  const useGzip = gzipped !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const payload = useGzip ? gzipped : body;
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(payload)), ...(useGzip ? { 'content-encoding': 'gzip' } : {}), vary: 'accept-encoding' });
  response.end(request.method === 'HEAD' ? undefined : payload);
}

/**
 * GraphiQL for people: a browser GET of the GraphQL path (asking for HTML, no `query` parameter) gets the
 * explorer page, and `explorer/<file>` beside it serves its scripts and styles from the installed packages.
 * The gateway includes this route only while introspection is on.
 */
export function explorerRoute(options: ExplorerOptions = {}): Routes {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const savedOperations = options.savedOperations ?? (() => listSavedOperations());
  const folder = graphqlPath.slice(0, graphqlPath.lastIndexOf('/') + 1);
  const assetsPath = `${folder}${ASSETS_FOLDER}`;
  return async (request, response, url) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname === graphqlPath && acceptsHtml(request) && !url.searchParams.has('query')) {
      const page = explorerPage(savedOperations(), ASSETS_FOLDER);
      send(request, response, 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      }, page);
      return true;
    }
    if (!url.pathname.startsWith(assetsPath)) return false;
    const name = url.pathname.slice(assetsPath.length);
    if (!isAssetName(name)) {
      send(request, response, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
      return true;
    }
    const file = asset(name);
    const etag = `"${file.version}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag });
      response.end();
      return true;
    }
    send(request, response, 200, {
      'content-type': file.contentType,
      etag,
      // URLs carry the content hash (?v=), so a file never changes under its URL.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    }, file.body, file.gzipped);
    return true;
  };
}
