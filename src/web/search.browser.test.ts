/**
 * Search in a real browser (Debian's chromium through playwright-core): the header box
 * works without JavaScript on a phone, results show marked snippets without horizontal
 * overflow, tags on an article lead to their list, and dark mode is dark.
 * Screenshots: artifacts/search-390.png, artifacts/search-390-dark.png, artifacts/search-1280.png.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS } from '../testing/chromium.js';
import { createTestSite, type TestSite } from './testing.js';

const suite = browserSuite('search in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

describe.skipIf(suite.skip)(suite.title, () => {
  let site: TestSite;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base: string;
  let term: string;
  let articleId: number;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    site = await createTestSite();
    // The strongest keyword of a demo article: it is in its text, and it is one of its tags.
    const row = await site.store.db.selectFrom('article_keywords').select(['term', 'article_id']).orderBy('weight', 'desc').orderBy('article_id').limit(1).executeTakeFirstOrThrow();
    term = row.term;
    articleId = row.article_id;
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: site.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      const s = server;
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    }
    await site?.close();
  });

  it('searches from the header box without JavaScript on a phone, and shows marked results that fit', async () => {
    const context = await browser!.newContext({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const box = page.getByRole('search').getByRole('searchbox');
      await box.waitFor({ state: 'visible', timeout: 5000 });
      await box.fill(term);
      await Promise.all([page.waitForURL(/\/search\?q=/), box.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('q')).toBe(term);
      await expect(page.locator('main input[name="q"]').inputValue()).resolves.toBe(term);
      const results = page.locator('.result');
      expect(await results.count()).toBeGreaterThan(0);
      expect(await page.locator('.result mark').first().isVisible()).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}search-390.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('is dark in dark mode and readable on a desktop', async () => {
    const dark = await browser!.newContext({ ...PHONE, colorScheme: 'dark' });
    try {
      const page = await dark.newPage();
      await page.goto(`${base}/search?q=${encodeURIComponent(term)}`);
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('.panel')!).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect(r! + g! + b!).toBeLessThan(3 * 80);
      await page.screenshot({ path: `${ARTIFACTS}search-390-dark.png`, fullPage: true });
    } finally {
      await dark.close();
    }
    const desktop = await browser!.newContext(DESKTOP);
    try {
      const page = await desktop.newPage();
      await page.goto(`${base}/search?q=${encodeURIComponent(term)}`);
      const width = await page.locator('.result').first().evaluate((el) => el.getBoundingClientRect().width);
      expect(width).toBeLessThanOrEqual(1000);
      await page.screenshot({ path: `${ARTIFACTS}search-1280.png` });
    } finally {
      await desktop.close();
    }
  });

  it('follows an article tag to the tag list', async () => {
    const context = await browser!.newContext({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/a/${articleId}`);
      const tag = page.getByRole('navigation', { name: '标签' }).getByRole('link', { name: term, exact: true });
      await tag.waitFor({ state: 'visible', timeout: 5000 });
      await Promise.all([page.waitForURL(/\/t\//), tag.click()]);
      await expect(page.locator('h1').textContent()).resolves.toBe(`#${term}`);
      expect(await page.locator(`.cards a[href="/a/${articleId}"]`).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
