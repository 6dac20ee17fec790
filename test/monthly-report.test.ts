import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import * as XLSX from 'xlsx';
import { findSavedOperation } from '@ntg/operations';
import { buildMonthlyReport, DISTRICT_COLUMNS, SHEETS, TARGET_COLUMNS, XLSX_TYPE, type MonthlyReportAnswer } from '@ntg/reports';
import { ANALYST, DOLISA_OFFICER, startTestGraph, type TestGraph } from './support/graph';

const MONTH = '2024-10';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(import.meta.dirname, 'artifacts');

/** The monthly report to the Chairman: one saved operation over the whole graph, served by the gateway as XLSX and HTML. */
describe('the monthly report through the gateway', () => {
  let graph: TestGraph;
  let analyst: Record<string, string>;
  let answer: MonthlyReportAnswer;
  const serviceKey = process.env.REPORT_SERVICE_KEY;
  const reportUrl = (format: string) => new URL(`/reports/monthly/${MONTH}.${format}`, graph.url).toString();

  beforeAll(async () => {
    // The report route's service credential, shared by the gateway and DOLISA (both run in this process).
    process.env.REPORT_SERVICE_KEY = 'test-report-service-key';
    graph = await startTestGraph();
    analyst = await graph.headersFor(ANALYST);
    const saved = findSavedOperation('monthly-report')!;
    const result = await graph.query(saved.source, { month: MONTH, year: 2024 }, analyst);
    expect(result.errors).toBeUndefined();
    answer = result.data;
  });
  afterAll(async () => {
    await graph?.stop();
    if (serviceKey === undefined) delete process.env.REPORT_SERVICE_KEY;
    else process.env.REPORT_SERVICE_KEY = serviceKey;
  });

  it('answers the saved operation from all five departments', () => {
    const report = buildMonthlyReport(answer);
    expect(report.districts).toHaveLength(7);
    expect(report.targets.map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    expect(report.districts.every((d) => d.householdsAssessed > 0 && d.fundingApproved !== null && d.supportEvents !== null && d.minorityHouseholds !== null)).toBe(true);
    expect(report.province.openRecommendations).not.toBeNull();
  });

  it('serves the XLSX with the bearer header: read back by a second library, it holds the GraphQL answer', async () => {
    const response = await fetch(reportUrl('xlsx'), { headers: analyst });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    const workbook = XLSX.read(new Uint8Array(await response.arrayBuffer()), { type: 'array' });
    expect(workbook.SheetNames).toEqual([SHEETS.districts, SHEETS.targets, SHEETS.province]);
    const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet]!, { header: 1, defval: null });
    const report = buildMonthlyReport(answer);

    const districts = rows(SHEETS.districts);
    expect(districts[0]).toEqual(DISTRICT_COLUMNS.map(([h]) => h));
    expect(districts.slice(1)).toHaveLength(7);
    expect(districts.slice(1)).toEqual(report.districts.map((d) => DISTRICT_COLUMNS.map(([, value]) => value(d))));
    // Numbers straight from the answer, Vietnamese names intact.
    const [first] = answer.province.districts;
    expect(districts[1]![1]).toBe(first!.name);
    expect(districts[1]![2]).toBe(first!.povertyStats.households);
    expect(districts.slice(1).map((r) => r[1])).toContain('Bác Ái');

    const targets = rows(SHEETS.targets);
    expect(targets[0]).toEqual(TARGET_COLUMNS.map(([h]) => h));
    expect(targets.slice(1)).toHaveLength(5);
    expect(targets.slice(1)).toEqual(report.targets.map((t) => TARGET_COLUMNS.map(([, value]) => value(t))));
    const t1 = answer.monthlyProgress.targets.find((t) => t.id === 'T1')!;
    expect(targets.find((r) => r[0] === 'T1')).toEqual(expect.arrayContaining([t1.actual, t1.status]));
  });

  it('refuses without a token, with a forged link, and for a malformed month', async () => {
    expect((await fetch(reportUrl('xlsx'))).status).toBe(401);
    expect((await fetch(`${reportUrl('xlsx')}?expires=9999999999&ticket=forged`)).status).toBe(401);
    expect((await fetch(new URL('/reports/monthly/2024-13.xlsx', graph.url), { headers: analyst })).status).toBe(404);
  });

  it('serves a printable HTML page whose signed links download without a header', async () => {
    const response = await fetch(reportUrl('html'), { headers: analyst });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<svg id="poor-rate-chart"');
    const link = /id="download-xlsx" href="([^"]+)"/.exec(html)![1]!.replaceAll('&#38;', '&');
    expect(link).toMatch(/^\/reports\/monthly\/2024-10\.xlsx\?expires=\d+&ticket=[\w-]+$/);
    // The token is sealed, never in the URL in the clear.
    expect(link).not.toContain(analyst.authorization!.slice('Bearer '.length, 40));
    const download = await fetch(new URL(link, graph.url));
    expect(download.status).toBe(200);
    expect(XLSX.read(new Uint8Array(await download.arrayBuffer()), { type: 'array' }).SheetNames).toContain(SHEETS.targets);
    // The signature binds the path: the same ticket does not open another month.
    expect((await fetch(new URL(link.replace('2024-10', '2024-09'), graph.url))).status).toBe(401);
  });

  const browserMissing = !existsSync(CHROMIUM);
  const skipBrowser = browserMissing && process.env.CI !== 'true';
  it.skipIf(skipBrowser)('renders in headless Chromium: 7 district rows, 5 target rows and the chart, with a screenshot', async () => {
    if (browserMissing) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
    const page = await fetch(reportUrl('html'), { headers: analyst }).then((r) => r.text());
    const link = /id="print-link" href="([^"]+)"/.exec(page)![1]!.replaceAll('&#38;', '&');
    const profile = mkdtempSync(join(tmpdir(), 'ntg-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const tab = await context.newPage();
      const response = await tab.goto(new URL(link, graph.url).toString());
      expect(response?.status()).toBe(200);
      expect(await tab.locator('#districts tbody tr').count()).toBe(7);
      expect(await tab.locator('#targets tbody tr').count()).toBe(5);
      expect(await tab.locator('#poor-rate-chart rect.bar').count()).toBe(7);
      expect(await tab.locator('h1').textContent()).toContain('Báo cáo tháng 2024-10');
      mkdirSync(ARTIFACTS, { recursive: true });
      await tab.screenshot({ path: join(ARTIFACTS, 'monthly-report-2024-10.png'), fullPage: true });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  describe('submission', () => {
    const submitUrl = () => new URL(`/reports/monthly/${MONTH}/submit`, graph.url).toString();
    const submissions = async () => {
      const result = await graph.query(`{ monthlyReports(year: 2024) { month version snapshot contentHash submittedBy submittedAt } }`, {}, analyst);
      expect(result.errors).toBeUndefined();
      return result.data.monthlyReports as { month: string; version: number; snapshot: string; contentHash: string; submittedBy: string; submittedAt: string }[];
    };

    it('refuses everyone but a provincial DOLISA officer through the route, and every direct call of the mutation', async () => {
      const districtOfficer = await graph.headersFor({ ...DOLISA_OFFICER, area: '584', subject: 'test-district-officer' });
      const financeOfficer = await graph.headersFor({ department: 'FINANCE', role: 'officer', area: '58', subject: 'test-finance-officer' });
      for (const headers of [analyst, districtOfficer, financeOfficer]) {
        const response = await fetch(submitUrl(), { method: 'POST', headers });
        expect(response.status).toBe(403);
        expect(((await response.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      }
      expect((await fetch(submitUrl(), { method: 'POST' })).status).toBe(401);
      // Straight through the gateway's GraphQL endpoint there is no service credential: refused, even to the officer.
      const officer = await graph.headersFor(DOLISA_OFFICER);
      const direct = await graph.query(`mutation { submitMonthlyReport(month: "${MONTH}", snapshot: "{}") { version } }`, {}, officer);
      expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await submissions()).toEqual([]);
    });

    it('stores what the graph answered, unchanged by a later correction; a resubmission is a new version', async () => {
      const officer = await graph.headersFor(DOLISA_OFFICER);
      const response = await fetch(submitUrl(), { method: 'POST', headers: officer });
      expect(response.status).toBe(201);
      const first = (await response.json()) as any;
      expect(first).toMatchObject({ month: MONTH, version: 1, submittedBy: DOLISA_OFFICER.subject });
      const [stored] = await submissions();
      expect(stored).toMatchObject({ month: MONTH, version: 1, contentHash: first.contentHash });
      expect(createHash('sha256').update(stored!.snapshot).digest('hex')).toBe(stored!.contentHash);
      expect(JSON.parse(stored!.snapshot)).toEqual(answer);

      // A correction of a 2024 review of Bác Ái: a poor household was not poor after all.
      const poor = await graph.query(`{ district(code: "584") { households(year: 2024, classification: POOR, first: 1) { edges { node { id assessment(year: 2024) { assessedOn } } } } } }`, {}, officer);
      expect(poor.errors).toBeUndefined();
      const household = poor.data.district.households.edges[0].node;
      const corrected = await graph.query(`mutation ($input: AssessmentInput!) { correctAssessment(input: $input, reason: "Income re-checked (test)") { classification } }`,
        { input: { householdId: household.id, year: 2024, incomePerCapitaMonthly: 6_000_000, deprivations: [], assessedOn: household.assessment.assessedOn } }, officer);
      expect(corrected.errors).toBeUndefined();
      const saved = findSavedOperation('monthly-report')!;
      const live = (await graph.query(saved.source, { month: MONTH, year: 2024 }, analyst)).data as MonthlyReportAnswer;
      const poorOf = (a: MonthlyReportAnswer) => a.province.districts.find((d) => d.code === '584')!.povertyStats.poor;
      expect(poorOf(live)).toBe(poorOf(answer) - 1);

      // The submitted report still holds the figures as submitted.
      const [unchanged] = await submissions();
      expect(unchanged).toEqual(stored);
      expect(poorOf(JSON.parse(unchanged!.snapshot))).toBe(poorOf(answer));

      const again = await fetch(submitUrl(), { method: 'POST', headers: officer });
      expect(again.status).toBe(201);
      const second = (await again.json()) as any;
      expect(second).toMatchObject({ month: MONTH, version: 2 });
      expect(second.contentHash).not.toBe(first.contentHash);
      const both = await submissions();
      expect(both.map((s) => s.version)).toEqual([1, 2]);
      expect(both[0]).toEqual(stored);
      expect(poorOf(JSON.parse(both[1]!.snapshot))).toBe(poorOf(answer) - 1);
    });
  });
});
