import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import { SUPERGRAPH_PATH, startGateway } from '@ntg/gateway';
import { COMMITTED_SUPERGRAPH_PATH, findSavedOperation } from '@ntg/operations';
import { runQueryCommand } from '@ntg/exports';
import { createVerifier } from '@ntg/subgraph-kit';
import type { CommuneDashboardQuery } from '@ntg/graph-client';
import { describeExplorerInBrowser } from './support/explorer-browser';
import { ANALYST, startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph';

const REPO = join(import.meta.dirname, '..');
const DASHBOARD = { code: '22783', year: 2024 };
type Row = unknown[];
type Dashboard = CommuneDashboardQuery;
/** An error answer of the export route or the graph. */
interface ErrorBody {
  errors: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** The commune dashboard's answer as its two sheets should hold it, built straight from the JSON. */
function expectedDashboardSheets(data: Dashboard): { technicalSupports: Row[]; recommendations: Row[] } {
  const c = data.commune!;
  const commune = [c.name, c.kind, c.district.name, c.povertyStats.households, c.povertyStats.poor, c.povertyStats.poorRate, c.povertyStats.poorRateChangePp, c.ethnicArea, c.fundingSummary?.approved, c.fundingSummary?.disbursed];
  const technicalSupports: Row[] = [];
  const recommendations: Row[] = [];
  for (const m of c.livelihoodModels) {
    const model = [...commune, m.name, m.status, m.outcome.participants, m.outcome.escapedPoverty, m.funding?.approved, m.funding?.disbursed];
    const supports = m.technicalSupports ?? [];
    const supervisions = m.supervisions ?? [];
    if (supports.length === 0) technicalSupports.push([...model, null, null]);
    for (const t of supports) technicalSupports.push([...model, t.kind, t.date]);
    if (supervisions.length === 0) recommendations.push([...model, null, null]);
    for (const s of supervisions) {
      if (s.recommendations.length === 0) recommendations.push([...model, s.date, null]);
      for (const r of s.recommendations) recommendations.push([...model, s.date, r.status]);
    }
  }
  return { technicalSupports, recommendations };
}

function sheetRows(workbook: XLSX.WorkBook, name: string): Row[] {
  return XLSX.utils.sheet_to_json<Row>(workbook.Sheets[name]!, { header: 1, defval: null });
}

/** Checks an XLSX of the commune dashboard cell by cell against the JSON answer. */
function expectDashboardWorkbook(buffer: Buffer, data: Dashboard): void {
  const workbook = XLSX.read(buffer, { type: 'buffer' });
  expect(workbook.SheetNames).toEqual(['technicalSupports', 'supervisions.recommendations']);
  const expected = expectedDashboardSheets(data);
  const supports = sheetRows(workbook, 'technicalSupports');
  expect(supports[0]!.slice(-3)).toEqual(['commune.livelihoodModels.funding.disbursed', 'commune.livelihoodModels.technicalSupports.kind', 'commune.livelihoodModels.technicalSupports.date']);
  expect(supports.slice(1)).toEqual(expected.technicalSupports);
  const recommendations = sheetRows(workbook, 'supervisions.recommendations');
  expect(recommendations[0]!.slice(0, 4)).toEqual(['commune.name', 'commune.kind', 'commune.district.name', 'commune.povertyStats.households']);
  expect(recommendations.slice(1)).toEqual(expected.recommendations);
}

describe('tools for the people who use the graph, on the real graph', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  let token: string;
  let dashboard: GraphQLResponse<Dashboard>;
  let data: Dashboard;
  let work: string;
  const exportUrl = (path: string) => graph.url.replace(/\/graphql$/, `/export/${path}`);

  beforeAll(async () => {
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
    token = await graph.tokenFor(ANALYST);
    dashboard = await graph.query<Dashboard>(findSavedOperation('commune-dashboard')!.source, DASHBOARD, analyst);
    data = dashboard.data!;
    work = mkdtempSync(join(tmpdir(), 'ntg-exports-'));
  });
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await graph?.stop();
  });

  it('reads the committed supergraph where the gateway keeps it', () => {
    expect(COMMITTED_SUPERGRAPH_PATH).toBe(SUPERGRAPH_PATH);
  });

  it('has a commune dashboard with models, technical support and recommendations to flatten', () => {
    expect(dashboard.errors).toBeUndefined();
    const sheets = expectedDashboardSheets(data);
    expect(data.commune!.livelihoodModels.length).toBeGreaterThan(0);
    expect(sheets.technicalSupports.some((row) => row.at(-1) !== null)).toBe(true);
    expect(sheets.recommendations.some((row) => row.at(-1) !== null)).toBe(true);
  });

  describe('pnpm run query', () => {
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
    };
    const env = () => ({ GRAPH_URL: graph.url, GRAPH_TOKEN: token });

    it('writes the commune dashboard to XLSX whose cells match the JSON answer (as a real pnpm command)', async () => {
      const file = join(work, 'd.xlsx');
      const { stderr } = await promisify(execFile)('pnpm', ['run', 'query', 'commune-dashboard', '--var', 'code=22783', '--var', 'year=2024', '--format', 'xlsx', '--out', file], {
        cwd: REPO, env: { ...process.env, ...env() }, timeout: 60_000,
      });
      expect(stderr).toContain(`Wrote ${file}`);
      expectDashboardWorkbook(readFileSync(file), data);
    });

    it('writes one CSV file per list path, with a byte-order mark, and prints tables and JSON', async () => {
      const { out, io: streams } = io();
      expect(await runQueryCommand(['commune-dashboard', '--var', 'code=22783', '--var', 'year=2024', '--format', 'csv', '--out', join(work, 'd.csv')], env(), streams)).toBe(0);
      expect(readdirSync(work).filter((f) => f.endsWith('.csv')).sort()).toEqual([
        'd.commune.livelihoodModels.supervisions.recommendations.csv', 'd.commune.livelihoodModels.technicalSupports.csv',
      ]);
      const csv = readFileSync(join(work, 'd.commune.livelihoodModels.technicalSupports.csv'), 'utf8');
      expect(csv.startsWith('\uFEFFcommune.name,commune.kind,commune.district.name,')).toBe(true);
      expect(csv).toContain(`${data.commune!.name},COMMUNE,${data.commune!.district.name},`);
      expect(out.stderr).toContain('d.commune.livelihoodModels.technicalSupports.csv (');

      const table = io();
      expect(await runQueryCommand(['province-overview', '--var', 'year=2024'], env(), table.io)).toBe(0);
      expect(table.out.stdout).toMatch(/^province\.districts \(7 rows\)\nprovince\.name +province\.povertyStats\.households/);

      const json = io();
      expect(await runQueryCommand([join(REPO, 'queries/commune-dashboard.graphql'), '--var', 'code=22783', '--var', 'year=2024', '--format', 'json'], env(), json.io)).toBe(0);
      expect(JSON.parse(json.out.stdout) as unknown).toEqual(dashboard);
    });

    it('exits 1 on GraphQL errors (printed on stderr) unless --allow-partial, and 2 on bad usage', async () => {
      const failed = io();
      expect(await runQueryCommand(['commune-dashboard', '--var', 'code=99999', '--var', 'year=2024', '--format', 'json'], env(), failed.io)).toBe(1);
      expect(failed.out.stderr).toMatch(/CommuneDashboard: 1 GraphQL error:\n.*99999.* \(at commune\) \[NOT_FOUND\]/);
      expect(failed.out.stdout).toBe('');

      const partial = io();
      expect(await runQueryCommand(['commune-dashboard', '--var', 'code=99999', '--var', 'year=2024', '--format', 'json', '--allow-partial'], env(), partial.io)).toBe(0);
      expect((JSON.parse(partial.out.stdout) as GraphQLResponse<Dashboard>).data).toEqual({ commune: null });

      const usage = io();
      expect(await runQueryCommand(['commune-dashboard', '--var', 'code=22783', '--var', 'year=soon'], env(), usage.io)).toBe(2);
      expect(usage.out.stderr).toMatch(/^Variable \$year of type Int!: Int cannot represent non-integer value: "soon"/);
      expect(await runQueryCommand(['no-such-query'], env(), usage.io)).toBe(2);
      expect(usage.out.stderr).toContain('No saved query "no-such-query"; queries/ has commune-dashboard,');
      expect(await runQueryCommand(['commune-dashboard', '--var', 'code=22783', '--var', 'year=2024'], { GRAPH_URL: graph.url }, usage.io)).toBe(2);
      expect(usage.out.stderr).toContain('Set GRAPH_TOKEN');
    });
  });

  describe('GET /export/<name>.<format>', () => {
    const download = (path: string, headers: Record<string, string> = analyst) => fetch(exportUrl(path), { headers });

    it('serves the commune dashboard as XLSX, cells matching the JSON answer', async () => {
      const response = await download('commune-dashboard.xlsx?code=22783&year=2024');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="commune-dashboard-22783-2024.xlsx"');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expectDashboardWorkbook(Buffer.from(await response.arrayBuffer()), data);
    });

    it('serves JSON as the graph answers it, one CSV for one list path, a ZIP of CSVs for several', async () => {
      const json = await download('commune-dashboard.json?code=22783&year=2024');
      expect(json.headers.get('content-disposition')).toBe('attachment; filename="commune-dashboard-22783-2024.json"');
      expect(await json.json()).toEqual(dashboard);

      const single = await download('province-overview.csv?year=2024');
      expect(single.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const csv = await single.text();
      const bytes = new Uint8Array(await (await download('province-overview.csv?year=2024')).arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines).toHaveLength(1 + 7);
      expect(lines[0]!.startsWith('province.name,province.povertyStats.households,')).toBe(true);
      expect(lines[1]!.startsWith('Ninh Thuận,')).toBe(true);

      const zip = await download('commune-dashboard.csv?code=22783&year=2024');
      expect(zip.headers.get('content-type')).toBe('application/zip');
      expect(zip.headers.get('content-disposition')).toBe('attachment; filename="commune-dashboard-22783-2024.csv.zip"');
      const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual([
        'commune-dashboard-22783-2024.commune.livelihoodModels.supervisions.recommendations.csv',
        'commune-dashboard-22783-2024.commune.livelihoodModels.technicalSupports.csv',
      ]);
      const supportBytes = files['commune-dashboard-22783-2024.commune.livelihoodModels.technicalSupports.csv']!;
      expect([...supportBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const supports = strFromU8(supportBytes); // TextDecoder drops the byte-order mark
      expect(supports.startsWith('commune.name,')).toBe(true);
      expect(supports.trimEnd().split('\r\n')).toHaveLength(1 + expectedDashboardSheets(data).technicalSupports.length);
    });

    it('answers 401 without a valid token, 404 for an unknown name, 400 for a bad variable', async () => {
      const anonymous = await download('commune-dashboard.xlsx?code=22783&year=2024', {});
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      expect(((await anonymous.json()) as ErrorBody).errors[0]!.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await download('commune-dashboard.csv?code=22783&year=2024', { authorization: 'Bearer not.a.token' })).status).toBe(401);

      for (const path of ['no-such-query.csv', 'commune-dashboard.pdf', 'commune-dashboard', '..%2Fpackage.json', 'commune-dashboard.csv/x', 'bad%ZZ.csv']) {
        expect((await download(path)).status, path).toBe(404);
      }
      const badYear = await download('commune-dashboard.xlsx?code=22783&year=twenty');
      expect(badYear.status).toBe(400);
      expect(((await badYear.json()) as ErrorBody).errors[0]).toMatchObject({ message: expect.stringMatching(/^Variable \$year of type Int!: Int cannot represent/), extensions: { code: 'BAD_USER_INPUT' } });
      expect(((await (await download('commune-dashboard.xlsx?year=2024')).json()) as ErrorBody).errors[0]!.message).toBe('Variable $code of type ID! is required');
      expect((await download('commune-dashboard.xlsx?code=22783&year=2024&colour=red')).status).toBe(400);
      expect((await fetch(exportUrl('commune-dashboard.csv'), { method: 'POST', headers: analyst })).status).toBe(405);
    });

    it('answers 502 with the errors when the answer has GraphQL errors, unless allowPartial=true', async () => {
      const failed = await download('commune-dashboard.xlsx?code=99999&year=2024');
      expect(failed.status).toBe(502);
      const body = (await failed.json()) as ErrorBody;
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ path: ['commune'], extensions: { code: 'NOT_FOUND' } });

      const partial = await download('commune-dashboard.json?code=99999&year=2024&allowPartial=true');
      expect(partial.status).toBe(200);
      expect(partial.headers.get('x-graphql-errors')).toBe('1');
      expect(((await partial.json()) as GraphQLResponse<Dashboard>).data).toEqual({ commune: null });
    });
  });

  describeExplorerInBrowser(() => graph);

  describe('the explorer over HTTP', () => {
    let closed: Awaited<ReturnType<typeof startGateway>> | undefined;
    afterAll(() => closed?.close());

    it('serves GraphiQL to browsers from the gateway itself, under a same-origin content security policy', async () => {
      const page = await fetch(graph.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
      const html = await page.text();
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      const saved = JSON.parse(/<script type="application\/json" id="explorer-config">(.*)<\/script>/.exec(html)![1]!) as { savedOperations: { name: string }[] };
      expect(saved.savedOperations.map((s) => s.name)).toContain('commune-dashboard');

      const scripts = [...html.matchAll(/src="(explorer\/[^"]+)"/g)].map((m) => m[1]!);
      expect(scripts.map((s) => s.split('?')[0])).toEqual(['explorer/react.production.min.js', 'explorer/react-dom.production.min.js', 'explorer/graphiql.min.js', 'explorer/explorer.js']);
      const graphiql = await fetch(new URL(scripts[2]!, graph.url), { headers: { 'accept-encoding': 'gzip' } });
      expect(graphiql.status).toBe(200);
      expect(graphiql.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(graphiql.headers.get('content-encoding')).toBe('gzip');
      expect((await graphiql.text()).length).toBeGreaterThan(500_000);
      expect((await fetch(new URL('explorer/secrets.js', graph.url))).status).toBe(404);
      // Queries by GET and POST still reach GraphQL.
      const get = await fetch(`${graph.url}?query=${encodeURIComponent('{ province { name } }')}`, { headers: { ...analyst, accept: 'application/json', 'apollo-require-preflight': 'true' } });
      expect(await get.json()).toEqual({ data: { province: { name: 'Ninh Thuận' } } });
    });

    it('is off with introspection, while the export route stays', async () => {
      closed = await startGateway({
        port: 0, host: '127.0.0.1', introspection: false,
        subgraphUrls: Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])),
        auth: createVerifier({ publicKey: graph.keys.publicKey }),
      });
      const page = await fetch(closed.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await fetch(closed.url.replace(/\/graphql$/, '/explorer/graphiql.min.js'))).status).toBe(404);
      // The route answers (token checked, variables typed) without a second round of subgraph calls.
      const exportUrl = closed.url.replace(/\/graphql$/, '/export/commune-dashboard.json?code=22783&year=soon');
      expect((await fetch(exportUrl)).status).toBe(401);
      expect((await fetch(exportUrl, { headers: analyst })).status).toBe(400);
    });
  });
});
