/**
 * The console in a real browser (Debian's chromium through playwright-core): an editor
 * signs in on a phone without JavaScript and an admin on a desktop; the dashboard's charts
 * and tables fit the screen, with no CSP violation. Screenshots for a human look:
 * artifacts/admin-dashboard-390.png and artifacts/admin-dashboard-1280.png.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS } from '../../../testing/chromium.js';
import { createTestSite, type TestSite } from '../../testing.js';
import { TEST_PASSWORD } from './testing.js';

const suite = browserSuite('admin console in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

describe.skipIf(suite.skip)(suite.title, () => {
  let site: TestSite;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    site = await createTestSite();
    await site.services.admin.accounts.create({ username: 'ed', password: TEST_PASSWORD, role: 'editor' }, 'test');
    await site.services.admin.accounts.create({ username: 'alice', password: TEST_PASSWORD, role: 'admin' }, 'test');
    // Reads over the last 30 days, so the charts have something to draw.
    const articles = await site.store.db.selectFrom('articles').select('id').orderBy('id').limit(12).execute();
    const hour = Math.floor(Date.now() / 3600_000);
    const rows = articles.flatMap((a, i) => Array.from({ length: 30 }, (_, d) => ({ article_id: a.id, hour: hour - d * 24 - (i % 5), views: ((a.id * 7 + d * 13) % 40) + 1 })));
    await site.store.db.insertInto('article_view_hours').values(rows).execute();
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: site.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await site?.close();
  });

  async function signIn(options: BrowserContextOptions, username: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser!.newContext(options);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type="submit"]')]);
    return { page, errors };
  }

  async function checkDashboard(page: Page, width: number): Promise<void> {
    expect(await page.locator('h1').first().textContent()).toBe('仪表盘');
    const charts = page.locator('figure.chart svg');
    expect(await charts.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box!.width).toBeGreaterThan(width > 900 ? width * 0.35 : width * 0.75);
      expect(box!.width).toBeLessThanOrEqual(width);
      expect(box!.height).toBeGreaterThan(80);
    }
    expect(await page.locator('rect.chart-bar').count()).toBe(60);
    // Nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await page.locator('td[data-label="标题"] a').count()).toBeGreaterThan(0);
  }

  it('an editor signs in and reads the dashboard on a phone without JavaScript; tables become cards', async () => {
    const { page, errors } = await signIn(PHONE, 'ed');
    await checkDashboard(page, 390);
    expect(await page.locator('.admin-table thead').first().boundingBox().then((b) => (b?.height ?? 0) <= 1)).toBe(true);
    const label = await page.locator('.admin-table td[data-label="来源"]').first().evaluate((td) => getComputedStyle(td, '::before').content);
    expect(label).toBe('"来源"');
    await page.screenshot({ path: `${ARTIFACTS}admin-dashboard-390.png`, fullPage: true });
    // A form action without script: hide an article from the list, then see it hidden.
    await page.goto(`${base}/admin/articles`);
    const firstTitle = (await page.locator('td[data-label="标题"] a').first().textContent())!;
    await Promise.all([page.waitForURL(/done=hidden/), page.locator('td[data-label="操作"] button', { hasText: '隐藏' }).first().click()]);
    expect(await page.locator('.flash-ok').textContent()).toBe('已隐藏。');
    await page.goto(`${base}/admin/articles?status=hidden`);
    expect(await page.locator('td[data-label="标题"] a').first().textContent()).toBe(firstTitle);
    expect(errors).toEqual([]);
  }, 60_000);

  it('an admin signs in on a desktop and sees the charts side by side', async () => {
    const { page, errors } = await signIn(DESKTOP, 'alice');
    await page.screenshot({ path: `${ARTIFACTS}admin-dashboard-1280.png`, fullPage: true });
    await checkDashboard(page, 1280);
    const [a, b] = [await page.locator('figure.chart').nth(0).boundingBox(), await page.locator('figure.chart').nth(1).boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(await page.locator('.admin-nav a[href="/admin/settings"]').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}admin-dashboard-1280.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
