import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  DashboardCommuneDocument, DashboardDistrictDocument, DashboardProvinceDocument,
  type DashboardCommuneQuery, type DashboardDistrictQuery, type DashboardProvinceQuery,
} from '@ntg/graph-client';
import { FUNDING_FLAG, formatInt, formatPp, formatShare, formatVnd } from '../packages/dashboard/src/app/labels';
import { ANALYST, startTestGraph, type TestGraph } from './support/graph';

/** Debian's chromium (apt-get install -y chromium), as in support/explorer-browser.ts. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without these Chromium keeps calling Google's hosts, which this network refuses. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(import.meta.dirname, 'artifacts');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const PERIOD = { year: 2024, from: 2022, to: 2024 };
const DISTRICT = '584';
const COMMUNE = '22783';

/** What the page's functions below use of the browser (this file is type-checked without the DOM library). */
interface BrowserGlobals {
  localStorage: { getItem(key: string): string | null };
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

function storedToken(): string | null {
  return (globalThis as unknown as BrowserGlobals).localStorage.getItem('ntg-dashboard:token');
}

/** The computed background colour of an element; runs in the page. */
function backgroundColor(element: unknown): string {
  return (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor;
}

function overflow(): number {
  const { document, innerWidth } = globalThis as unknown as BrowserGlobals;
  return document.documentElement.scrollWidth - innerWidth;
}

const browserMissing = !existsSync(CHROMIUM);
const skip = browserMissing && process.env.CI !== 'true';
if (skip) console.warn(`Skipping the dashboard's browser test: ${CHROMIUM} is missing (as root: apt-get update && apt-get install -y chromium)`);

describe('the dashboard page served by the gateway', () => {
  let graph: TestGraph;
  let base: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    base = graph.url.replace(/\/graphql$/, '');
  });
  afterAll(() => graph?.stop());

  it('is served at /dashboard/ from Vite\'s build, with its assets, under a same-origin content security policy', async () => {
    const redirect = await fetch(`${base}/dashboard`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/');

    const page = await fetch(`${base}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'; style-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<meta name="ntg-graphql-path" content="/graphql">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.replace(/-[\w-]+\./, '.'))).toEqual(['assets/index.js', 'assets/index.css']);
    for (const asset of assets) {
      const response = await fetch(`${base}/dashboard/${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await response.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    expect((await fetch(`${base}/dashboard/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/`, { method: 'POST' })).status).toBe(405);
  });

  describe.skipIf(skip)(`in a browser${skip ? ` (skipped: no browser at ${CHROMIUM})` : ''}`, () => {
    let context: BrowserContext;
    let profile: string;
    const requests: string[] = [];
    const pageErrors: string[] = [];
    let province: DashboardProvinceQuery;
    let district: DashboardDistrictQuery;
    let commune: DashboardCommuneQuery;

    beforeAll(async () => {
      // Under CI=true a missing browser fails here rather than skipping: CI installs it in .ci/run.
      if (browserMissing) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
      const analyst = await graph.headersFor(ANALYST);
      const answer = async <T>(document: Parameters<typeof print>[0], variables: Record<string, unknown>): Promise<T> => {
        const response = await graph.query<T>(print(document), variables, analyst);
        expect(response.errors).toBeUndefined();
        return response.data!;
      };
      province = await answer<DashboardProvinceQuery>(DashboardProvinceDocument, PERIOD);
      district = await answer<DashboardDistrictQuery>(DashboardDistrictDocument, { code: DISTRICT, ...PERIOD });
      commune = await answer<DashboardCommuneQuery>(DashboardCommuneDocument, { code: COMMUNE, ...PERIOD });
      profile = mkdtempSync(join(tmpdir(), 'ntg-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: DESKTOP });
      context.on('request', (request) => requests.push(request.url()));
      mkdirSync(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** The figure's raw value (data-value) and its text, inside `scope`. */
    async function figureOf(page: Page, scope: string, field: string): Promise<{ value: string; text: string }> {
      const element = page.locator(`${scope} [data-field="${field}"]`).first();
      return { value: (await element.getAttribute('data-value')) ?? '', text: (await element.textContent()) ?? '' };
    }

    async function expectSummary(page: Page, stats: { households: number; poor: number; poorRate: number | null; poorRateChangePp: number | null }): Promise<void> {
      expect(await figureOf(page, '.summary', 'households')).toEqual({ value: String(stats.households), text: formatInt(stats.households) });
      expect(await figureOf(page, '.summary', 'poor')).toEqual({ value: String(stats.poor), text: formatInt(stats.poor) });
      expect(await figureOf(page, '.summary', 'poorRate')).toEqual({ value: String(stats.poorRate ?? ''), text: formatShare(stats.poorRate) });
      expect(await figureOf(page, '.summary', 'poorRateChangePp')).toEqual({ value: String(stats.poorRateChangePp ?? ''), text: formatPp(stats.poorRateChangePp) });
    }

    async function expectTrend(page: Page, trend: readonly { year: number; poorRate: number | null }[]): Promise<void> {
      const points = page.locator('#trend circle.point');
      const shown = await points.evaluateAll((circles) => circles.map((c) => [Number(c.getAttribute('data-year')), Number(c.getAttribute('data-value'))]));
      expect(shown).toEqual(trend.filter((p) => p.poorRate != null).map((p) => [p.year, p.poorRate]));
    }

    async function waitForView(page: Page, level: string, code: string): Promise<void> {
      await page.locator(`#view[data-level="${level}"][data-code="${code}"]:not([aria-busy])`).waitFor({ timeout: 30_000 });
    }

    it('drills from the province to a district to a commune, showing the graph\'s numbers, on desktop and phone widths', async () => {
      const token = await graph.tokenFor(ANALYST);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${base}/dashboard`);
      // Without a token nothing is asked of the graph; the header says a token is needed.
      await expect.poll(() => page.locator('#token-state').textContent()).toBe('cần mã truy cập để xem số liệu');
      await page.fill('#token-input', `Bearer ${token}`);
      await page.press('#token-input', 'Enter');
      await expect.poll(() => page.evaluate(storedToken)).toBe(token);

      // The province: its figures, trend, seven districts and the plan's targets with status colours.
      await waitForView(page, 'province', '58');
      expect(page.url()).toBe(`${base}/dashboard/`);
      expect(await page.locator('#unit-name').textContent()).toBe('Tỉnh Ninh Thuận');
      await expectSummary(page, province.province.povertyStats);
      expect(await figureOf(page, '.summary', 'fundingApproved')).toEqual({ value: String(province.province.fundingSummary!.approved), text: formatVnd(province.province.fundingSummary!.approved) });
      await expectTrend(page, province.province.povertyTrend);
      const districtRows = page.locator('#units tbody tr');
      expect(await districtRows.count()).toBe(7);
      for (const d of province.province.districts) {
        const row = page.locator(`#units tr[data-code="${d.code}"]`);
        expect(await row.locator('[data-field="poor"]').getAttribute('data-value'), d.name).toBe(String(d.povertyStats.poor));
        expect(await row.locator('[data-field="poorRate"]').textContent(), d.name).toBe(formatShare(d.povertyStats.poorRate));
      }
      const targets = [...province.plan!.targets, ...(province.plan!.minorityTargets ?? [])].sort((a, b) => a.id.localeCompare(b.id));
      expect(await page.locator('#targets tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-target'), r.querySelector('[data-status]')!.getAttribute('data-status')])))
        .toEqual(targets.map((t) => [t.id, t.status]));
      const met = targets.find((t) => t.status === 'MET');
      expect(met).toBeDefined();
      const metBadge = page.locator(`#targets tr[data-target="${met!.id}"] .badge`);
      expect(await metBadge.textContent()).toBe('Đạt');
      expect(await metBadge.evaluate(backgroundColor)).toBe('rgb(227, 244, 231)');
      const missed = targets.find((t) => t.status === 'MISSED');
      if (missed) expect(await page.locator(`#targets tr[data-target="${missed.id}"] .badge`).evaluate(backgroundColor)).toBe('rgb(253, 226, 226)');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-province-desktop.png'), fullPage: true });

      // A district: its figures and its communes.
      await page.click(`#units a[data-code="${DISTRICT}"]`);
      await waitForView(page, 'district', DISTRICT);
      expect(page.url()).toBe(`${base}/dashboard/#/huyen/${DISTRICT}`);
      const d = district.district!;
      expect(await page.locator('#unit-name').textContent()).toBe(d.fullName);
      await expectSummary(page, d.povertyStats);
      await expectTrend(page, d.povertyTrend);
      expect(await page.locator('#units tbody tr').count()).toBe(d.communes.length);
      const c0 = d.communes.find((c) => c.code === COMMUNE)!;
      expect(await page.locator(`#units tr[data-code="${COMMUNE}"] [data-field="households"]`).getAttribute('data-value')).toBe(String(c0.povertyStats.households));
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-district-desktop.png'), fullPage: true });

      // A commune: its figures, and each model with funding, support, consensus and supervision flags.
      await page.click(`#units a[data-code="${COMMUNE}"]`);
      await waitForView(page, 'commune', COMMUNE);
      const c = commune.commune!;
      expect(await page.locator('#unit-name').textContent()).toBe(c.fullName);
      expect(await page.locator('.crumbs').textContent()).toBe(`Tỉnh Ninh Thuận › ${c.district.name} › ${c.fullName}`);
      await expectSummary(page, c.povertyStats);
      await expectTrend(page, c.povertyTrend);
      expect(c.livelihoodModels.length).toBeGreaterThan(0);
      expect(await page.locator('#models article.model').count()).toBe(c.livelihoodModels.length);
      for (const m of c.livelihoodModels) {
        const card = `article.model[data-id="${m.id}"]`;
        expect(await page.locator(`${card} h4`).textContent()).toBe(m.name);
        expect(await figureOf(page, card, 'participants')).toEqual({ value: String(m.outcome.participants), text: formatInt(m.outcome.participants) });
        expect(await figureOf(page, card, 'approved')).toEqual({ value: String(m.funding!.approved), text: formatVnd(m.funding!.approved) });
        expect(await figureOf(page, card, 'disbursed')).toEqual({ value: String(m.funding!.disbursed), text: formatVnd(m.funding!.disbursed) });
        expect(await page.locator(`${card} [data-group="funding"] [data-flag]`).evaluateAll((flags) => flags.map((f) => f.getAttribute('data-flag'))))
          .toEqual(m.funding!.flags.map((f) => f.code));
        const supports = m.technicalSupports!.length;
        expect(await page.locator(`${card} [data-group="support"] li`).getAttribute(supports ? 'data-count' : 'data-flag')).toBe(supports ? String(supports) : 'NO_SUPPORT');
        expect(await figureOf(page, card, 'consensusRate')).toEqual({ value: String(m.consensusRate ?? ''), text: formatShare(m.consensusRate) });
        expect(await page.locator(`${card} [data-group="consensus"] [data-flag]`).evaluateAll((flags) => flags.map((f) => f.getAttribute('data-flag'))))
          .toEqual(m.consensusFlag ? [m.consensusFlag] : []);
        const overdue = m.supervisions!.flatMap((s) => s.recommendations).filter((r) => r.status === 'OVERDUE').length;
        const supervisionFlags = await page.locator(`${card} [data-group="supervision"] li`).evaluateAll((items) => items.map((i) => [i.getAttribute('data-flag'), i.getAttribute('data-count')]));
        expect(supervisionFlags[0]).toEqual(m.supervisions!.length ? [null, String(m.supervisions!.length)] : ['NO_SUPERVISION', null]);
        expect(supervisionFlags.find(([f]) => f === 'OVERDUE')?.[1] ?? '0').toBe(String(overdue));
        expect(supervisionFlags.filter(([f]) => f === 'MODEL_NOT_RATED_EFFECTIVE').length).toBe(m.commendationFlag === 'MODEL_NOT_RATED_EFFECTIVE' ? 1 : 0);
      }
      // The demo data stages funding flags on this commune's model: the page names them in Vietnamese.
      const flagged = c.livelihoodModels.flatMap((m) => m.funding!.flags.map((f) => ({ model: m.id, code: f.code })));
      expect(flagged.length).toBeGreaterThan(0);
      for (const { model, code } of flagged) {
        expect(await page.locator(`article.model[data-id="${model}"] [data-group="funding"] [data-flag="${code}"]`).textContent()).toContain(FUNDING_FLAG[code]);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-commune-desktop.png'), fullPage: true });

      // A phone: the same page in one column, nothing wider than the screen.
      await page.setViewportSize(PHONE);
      await expect.poll(() => page.evaluate(overflow)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-commune-phone.png'), fullPage: true });
      await page.goBack();
      await waitForView(page, 'district', DISTRICT);
      await page.goBack();
      await waitForView(page, 'province', '58');
      await expect.poll(() => page.evaluate(overflow)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-province-phone.png'), fullPage: true });

      // The token outlives a reload; the address keeps the unit.
      await page.goto(`${base}/dashboard/#/xa/${COMMUNE}`);
      await waitForView(page, 'commune', COMMUNE);
      expect(await page.locator('#token-state').textContent()).toBe('đã lưu trong trình duyệt này');

      expect(pageErrors).toEqual([]);
      const outside = requests.filter((url) => !url.startsWith('data:') && !LOCAL_HOSTS.has(new URL(url).hostname));
      expect(outside).toEqual([]);
      expect(requests.filter((url) => url.endsWith('/graphql')).length).toBeGreaterThanOrEqual(5);
    });

    it('says so when the token is refused, and asks the graph nothing without one', async () => {
      const page = await context.newPage();
      await page.goto(`${base}/dashboard/`);
      await page.fill('#token-input', 'not.a.token');
      await page.press('#token-input', 'Enter');
      await expect.poll(() => page.locator('#token-state').textContent()).toBe('mã truy cập không hợp lệ hoặc đã hết hạn');
      expect(await page.locator('#errors').getAttribute('class')).toBe('notice error');
      const before = requests.length;
      await page.click('#token-clear');
      await expect.poll(() => page.locator('#token-state').textContent()).toBe('cần mã truy cập để xem số liệu');
      expect(requests.slice(before).filter((url) => url.endsWith('/graphql'))).toEqual([]);
      await page.close();
    });
  });
});
