/**
 * Ads and the takedown screens in a real browser (Debian's chromium through playwright-core):
 * an HTML snippet ad runs in a sandbox that reaches neither the page nor its cookies; the
 * sidebar slot shows on wide screens only; a feed ad closes at once with JavaScript; the
 * public takedown form works without JavaScript. Screenshots of the console's ads list and
 * takedown queue go to artifacts/ (admin-ads-1280.png, admin-takedowns-390.png, takedown-form-390.png).
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS } from '../testing/chromium.js';
import { signIn } from './routes/admin/testing.js';
import { createTestSite, TEST_SITE_URL, type TestSite } from './testing.js';

const suite = browserSuite('ads and takedowns in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

// Reports to the page what the sandbox let it do.
const PROBE = `<p>HTML 广告</p><script>
var r = { origin: self.origin };
try { r.parent = typeof parent.document.title; } catch (e) { r.parent = 'blocked'; }
try { r.cookie = document.cookie; } catch (e) { r.cookie = 'blocked'; }
try { localStorage.setItem('x', '1'); r.storage = 'open'; } catch (e) { r.storage = 'blocked'; }
parent.postMessage(JSON.stringify(r), '*');
</script>`;

describe.skipIf(suite.skip)(suite.title, () => {
  let site: TestSite;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base: string;
  let articleId: number;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    site = await createTestSite();
    mkdirSync(ARTIFACTS, { recursive: true });
    articleId = (await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow()).id;
    await site.services.ads.create({ slot: 'article_bottom', kind: 'html', title: '沙箱广告', html: PROBE, link_url: 'https://ad.example/' }, 'test');
    await site.services.ads.create({ slot: 'sidebar', kind: 'text', title: '侧栏广告', body_text: '宽屏可见', link_url: 'https://ad.example/side' }, 'test');
    await site.services.ads.create({ slot: 'feed', kind: 'text', title: '信息流广告', body_text: '每 6 条一个', link_url: 'https://ad.example/feed' }, 'test');
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: site.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await site?.close();
  });

  async function open(options: BrowserContextOptions): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser!.newContext(options);
    const page = await context.newPage();
    return { page, close: () => context.close() };
  }

  it('runs an HTML ad in an opaque-origin sandbox: no access to the page, its cookies or storage', async () => {
    const { page, close } = await open(DESKTOP);
    try {
      // Collects the frame's report on the page (injected by DevTools, so the page CSP allows it).
      await page.addInitScript(() => {
        const w = window as unknown as { adReports: string[] };
        w.adReports = [];
        window.addEventListener('message', (e) => w.adReports.push(String(e.data)));
      });
      await page.goto(`${base}/a/${articleId}`, { waitUntil: 'load' });
      const frame = page.locator('[data-ad-slot="article_bottom"] iframe');
      await frame.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => (window as unknown as { adReports: string[] }).adReports.length > 0, undefined, { timeout: 10_000 });
      const [report] = await page.evaluate(() => (window as unknown as { adReports: string[] }).adReports);
      expect(JSON.parse(report!)).toEqual({ origin: 'null', parent: 'blocked', cookie: 'blocked', storage: 'blocked' });
      // The sidebar ad shows on a wide screen.
      expect(await page.locator('.side [data-ad-slot="sidebar"]').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });

  it('on a phone: no sidebar slot; a feed ad closes at once and stays closed', async () => {
    const { page, close } = await open(PHONE);
    try {
      await page.goto(`${base}/a/${articleId}`, { waitUntil: 'load' });
      expect(await page.locator('[data-ad-slot="sidebar"]').count()).toBe(1);
      expect(await page.locator('[data-ad-slot="sidebar"]').isVisible()).toBe(false);

      await page.goto(`${base}/`, { waitUntil: 'load' });
      const feedAd = page.locator('li[data-ad-slot="feed"]').first();
      await feedAd.scrollIntoViewIfNeeded();
      expect(await feedAd.isVisible()).toBe(true);
      expect(await feedAd.textContent()).toContain('信息流广告');
      const closed = page.waitForResponse((r) => new URL(r.url()).pathname === '/ad/close');
      await feedAd.getByRole('link', { name: '关闭广告' }).click();
      expect((await closed).status()).toBe(204);
      expect(await page.locator('li[data-ad-slot="feed"]').first().isVisible()).toBe(false);
      await page.reload({ waitUntil: 'load' });
      expect(await page.locator('li[data-ad-slot="feed"]').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('takes a takedown request without JavaScript, and shows the queue on a phone', async () => {
    const { page, close } = await open({ ...PHONE, javaScriptEnabled: false });
    try {
      await page.goto(`${base}/takedown`, { waitUntil: 'load' });
      await page.screenshot({ path: `${ARTIFACTS}takedown-form-390.png`, fullPage: true });
      await page.fill('#td-claimant', '某某传媒');
      await page.fill('#td-email', 'legal@rights.example');
      await page.fill('#td-urls', `${TEST_SITE_URL}/a/${articleId}`);
      await page.fill('#td-work', '原创报道，未经授权转载，请删除。');
      // The honeypot is off-screen, out of the way of a person.
      expect(await page.locator('#td-website').isVisible()).toBe(true);
      const box = await page.locator('#td-website').boundingBox();
      expect(box!.x + box!.width).toBeLessThan(0);
      // The statement of good faith is required by the browser itself: without it nothing is sent.
      await page.click('form.form button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/takedown');
      expect(await page.locator('.reference').count()).toBe(0);
      await page.check('#td-good_faith');
      await page.click('form.form button[type="submit"]');
      await page.waitForLoadState('load');
      const reference = (await page.locator('.reference').textContent())!.trim();
      expect(reference).toMatch(/^TD-\d{8}-[A-Z2-9]{4}$/);
    } finally {
      await close();
    }

    const editor = await signIn(site, 'admin', 'root');
    const consolePage = async (options: BrowserContextOptions, path: string, shot: string) => {
      const context = await browser!.newContext(options);
      const [name, value] = editor.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: `${base}/admin` }]);
      const page = await context.newPage();
      const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      await page.screenshot({ path: `${ARTIFACTS}${shot}`, fullPage: true });
      const text = await page.locator('main').textContent();
      await context.close();
      return text ?? '';
    };
    expect(await consolePage(PHONE, '/admin/takedowns', 'admin-takedowns-390.png')).toContain('待处理');
    expect(await consolePage(DESKTOP, '/admin/ads', 'admin-ads-1280.png')).toContain('信息流广告');
  }, 60_000);
});
