import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltFile } from './build';
import { dashboardRoute } from './route';

const PAGE = '<!doctype html><meta name="ntg-graphql-path" content="/graphql"><script type="module" src="./assets/index-abc.js"></script>';

function file(name: string, body: string): BuiltFile {
  return { name, body: Buffer.from(body) };
}

describe('the dashboard route', () => {
  let server: Server;
  let base: string;
  let builds = 0;
  let failNext = true;

  beforeAll(async () => {
    const route = dashboardRoute({
      graphqlPath: '/api/graphql',
      // A build that fails once, then succeeds: the route tries again on the next request.
      build: async () => {
        builds += 1;
        if (failNext) {
          failNext = false;
          throw new Error('vite exploded');
        }
        return [file('index.html', PAGE), file('assets/index-abc.js', 'console.log(1)'), file('assets/index-def.css', 'body{}')];
      },
    });
    server = createServer((request, response) => {
      void route(request, response, new URL(request.url!, 'http://localhost')).then((handled) => {
        if (!handled) response.writeHead(418).end('not mine');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 500 when the build fails and builds again on the next request, then keeps the build', async () => {
    const failed = await fetch(`${base}/dashboard/`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('The dashboard could not be built: vite exploded');
    expect((await fetch(`${base}/dashboard/`)).status).toBe(200);
    expect((await fetch(`${base}/dashboard/assets/index-abc.js`)).status).toBe(200);
    expect(builds).toBe(2);
  });

  it('serves the page with the gateway\'s GraphQL path, its assets as immutable, and nothing else', async () => {
    const page = await fetch(`${base}/dashboard/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';.*connect-src 'self'/);
    expect(await page.text()).toContain('<meta name="ntg-graphql-path" content="/api/graphql">');

    const script = await fetch(`${base}/dashboard/assets/index-abc.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/dashboard/assets/index-def.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');

    const redirect = await fetch(`${base}/dashboard?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/?x=1');
    expect((await fetch(`${base}/dashboard/index.htm`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/dashboards`)).status).toBe(418);
    expect((await fetch(`${base}/graphql`)).status).toBe(418);
  });
});

describe('a prebuilt dashboard (DASHBOARD_DIR, as a bundled gateway serves it)', () => {
  it('is read from the folder the build wrote, nested assets included, and refused when the folder holds no page', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readBuiltDashboard } = await import('./build');
    const folder = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
    mkdirSync(join(folder, 'assets'));
    writeFileSync(join(folder, 'index.html'), PAGE);
    writeFileSync(join(folder, 'assets', 'index-abc.js'), 'console.log(1)');
    const files = await readBuiltDashboard(folder);
    expect(files.map((f) => f.name).sort()).toEqual(['assets/index-abc.js', 'index.html']);
    expect(files.find((f) => f.name === 'index.html')!.body.toString()).toBe(PAGE);
    await expect(readBuiltDashboard(join(folder, 'assets'))).rejects.toThrow(/no built dashboard/);
  });
});
