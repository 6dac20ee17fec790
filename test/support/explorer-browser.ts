import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Request } from 'playwright-core';
import type { CommuneDashboardQuery } from '@ntg/graph-client';
import { findSavedOperation } from '@ntg/operations';
import { ANALYST, type TestGraph } from './graph';

/** Debian's chromium (apt-get install -y chromium); Playwright's own browser download does not work here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without these Chromium keeps calling Google's hosts, which this network refuses. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);


/** What the page's functions below use of the browser (this file is type-checked without the DOM library). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { CodeMirror?: { getValue(): string } } | null };
  localStorage: { getItem(key: string): string | null };
}

/** Text of one of GraphiQL's CodeMirror editors; runs in the page. */
function editorText(selector: string): string {
  const { document } = globalThis as unknown as BrowserGlobals;
  return document.querySelector(selector)?.CodeMirror?.getValue() ?? '';
}

/** The token the explorer keeps; runs in the page. */
function storedToken(): string | null {
  const { localStorage } = globalThis as unknown as BrowserGlobals;
  return localStorage.getItem('ntg-explorer:token');
}

/**
 * The explorer in headless Chromium, against a graph the calling test file started (one graph for all the
 * user-tool tests keeps the suite short). Skipped with a message when the browser is missing, except under
 * CI=true, where a missing browser fails.
 */
export function describeExplorerInBrowser(testGraph: () => TestGraph): void {
  const browserMissing = !existsSync(CHROMIUM);
  const skip = browserMissing && process.env.CI !== 'true';
  if (skip) console.warn(`Skipping the explorer's browser test: ${CHROMIUM} is missing (as root: apt-get update && apt-get install -y chromium)`);

  describe.skipIf(skip)(`the offline explorer in a browser${skip ? ` (skipped: no browser at ${CHROMIUM})` : ''}`, () => {
    let graph: TestGraph;
    let context: BrowserContext;
    let profile: string;
    const requests: string[] = [];

    beforeAll(async () => {
      // Under CI=true a missing browser fails here rather than skipping: CI installs it in .ci/run.
      if (browserMissing) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
      graph = testGraph();
      profile = mkdtempSync(join(tmpdir(), 'ntg-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      context.on('request', (request: Request) => requests.push(request.url()));
    });
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('runs the commune dashboard with a pasted token, keeps the token, and loads nothing from another host', async () => {
      const token = await graph.tokenFor(ANALYST);
      const variables = { code: '22783', year: 2024 };
      const expected = await graph.query<CommuneDashboardQuery>(findSavedOperation('commune-dashboard')!.source, variables, await graph.headersFor(ANALYST));
      expect(expected.errors).toBeUndefined();
      const commune = expected.data!.commune!;

      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(graph.url);
      await page.locator('.graphiql-container').waitFor();
      // Without a token the schema cannot load; the bar says so.
      await expect.poll(() => page.locator('#ntg-token-state').textContent()).toBe('every query needs a token');

      await page.fill('#ntg-token-input', `Bearer ${token}`);
      await page.press('#ntg-token-input', 'Enter');
      await expect.poll(() => page.evaluate(storedToken)).toBe(token);

      await page.selectOption('#ntg-saved-query', 'commune-dashboard');
      await expect.poll(() => page.evaluate(editorText, '.graphiql-query-editor .CodeMirror')).toContain('query CommuneDashboard');
      expect(JSON.parse(await page.evaluate(editorText, '.graphiql-editor-tool .CodeMirror')) as unknown).toEqual(variables);

      await page.click('.graphiql-execute-button');
      await expect.poll(() => page.evaluate(editorText, '.result-window .CodeMirror'), { timeout: 30_000 }).toContain('"households"');
      const shown = JSON.parse(await page.evaluate(editorText, '.result-window .CodeMirror')) as unknown;
      expect(shown).toEqual({ data: expected.data });
      await expect.poll(() => page.locator('.result-window').innerText()).toContain(`"households": ${commune.povertyStats.households}`);
      expect(await page.locator('.result-window').innerText()).toContain(commune.name);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'explorer-commune-dashboard.png'), fullPage: true });

      // The token outlives a reload: it is in this browser's localStorage, and the form shows it is set.
      await page.reload();
      await expect.poll(() => page.locator('#ntg-token-state').textContent()).toBe('kept in this browser');
      expect(await page.inputValue('#ntg-token-input')).toBe(token);

      expect(pageErrors).toEqual([]);
      const outside = requests.filter((url) => !url.startsWith('data:') && !LOCAL_HOSTS.has(new URL(url).hostname));
      expect(outside).toEqual([]);
      expect(requests.some((url) => url.includes('/explorer/graphiql.min.js'))).toBe(true);
    });
  });
}
