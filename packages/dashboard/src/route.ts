import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Routes } from '@ntg/http';
import { buildDashboard, readBuiltDashboard, type BuiltFile } from './build';

export interface DashboardOptions {
  /** Where the page is served; default /dashboard (the page itself at /dashboard/). */
  path?: string;
  /** The GraphQL path the page POSTs to, on the same origin; default /graphql. */
  graphqlPath?: string;
  /**
   * The page's files; default the build in DASHBOARD_DIR when set (a bundled gateway), else a Vite build in memory,
   * made on the first request and kept for the process.
   */
  build?: () => Promise<BuiltFile[]>;
}

/**
 * Only this origin: scripts, styles and requests stay on the gateway. The page has no inline script or style;
 * data: covers the empty favicon.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json',
};

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)), 'x-content-type-options': 'nosniff' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * The dashboard page (packages/dashboard) for people: GET /dashboard/ serves the page, /dashboard/assets/… its
 * script and style, built by Vite from the sources in this package on the first request (so `pnpm start` and
 * the tests always serve the sources as they are, with no build step to forget). The page reads the graph with
 * the caller's token through the GraphQL path like any client; the route itself needs no token.
 */
export function dashboardRoute(options: DashboardOptions = {}): Routes {
  const path = (options.path ?? '/dashboard').replace(/\/$/, '');
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const prebuilt = process.env.DASHBOARD_DIR;
  const build = options.build ?? (prebuilt ? () => readBuiltDashboard(prebuilt) : buildDashboard);
  let files: Promise<Map<string, BuiltFile>> | undefined;
  const load = () => {
    files ??= build().then(
      (built) => new Map(built.map((file) => [file.name, file])),
      (error: unknown) => {
        files = undefined; // the next request tries again
        throw error;
      },
    );
    return files;
  };

  return async (request, response, url) => {
    if (url.pathname !== path && !url.pathname.startsWith(`${path}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(request, response, 405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }, 'Method not allowed');
      return true;
    }
    // Relative asset URLs need the trailing slash.
    if (url.pathname === path) {
      response.writeHead(308, { location: `${path}/${url.search}`, 'content-length': '0' });
      response.end();
      return true;
    }
    let built: Map<string, BuiltFile>;
    try {
      built = await load();
    } catch (error) {
      send(request, response, 500, { 'content-type': 'text/plain; charset=utf-8' }, `The dashboard could not be built: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
    const name = url.pathname.slice(path.length + 1) || 'index.html';
    const file = name.includes('..') ? undefined : built.get(name);
    if (!file) {
      send(request, response, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
      return true;
    }
    const extension = name.slice(name.lastIndexOf('.') + 1);
    if (name === 'index.html') {
      const page = file.body.toString('utf8').replace(/(<meta name="ntg-graphql-path" content=")[^"]*(")/, `$1${escapeAttribute(graphqlPath)}$2`);
      send(request, response, 200, {
        'content-type': CONTENT_TYPES.html!,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      }, page);
      return true;
    }
    send(request, response, 200, {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      // Vite names every asset by its content hash: a file never changes under its URL.
      'cache-control': name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    }, file.body);
    return true;
  };
}
