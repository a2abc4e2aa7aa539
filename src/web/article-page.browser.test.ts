/**
 * The article page in a real browser (Debian's chromium through playwright-core): every
 * element of the reference page is visible at phone width, 关闭广告 works with and without
 * JavaScript, dark mode is dark, and full-page screenshots go to artifacts/ for a human look.
 *
 * Without /usr/bin/chromium the suite is skipped (the reason is in its title), unless
 * REDIAN_REQUIRE_BROWSER=1 (CI), where it fails. Screenshots: artifacts/article-{390,1280}.png.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { parseHTML } from 'linkedom';
import { type Browser, type BrowserContextOptions, type Locator, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteSettings } from '../settings/settings.js';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS } from '../testing/chromium.js';
import { createTestSite, TEST_SITE_URL, type TestSite } from './testing.js';

const suite = browserSuite('article page in Chromium');

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

interface Target {
  id: number;
  title: string;
  author: string;
  url: string;
  sourceName: string;
  /** The stored body's top-level elements, in order: tag and text. */
  blocks: { tag: string; text: string }[];
}

/** An article of the demo with headings, captioned figures, an author and a category. */
async function pickArticle(site: TestSite): Promise<Target> {
  const row = await site.store.db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(['articles.id', 'articles.title', 'articles.author', 'articles.url', 'articles.content_html', 'sources.name as source_name'])
    .where('articles.status', '=', 'published')
    .where('articles.author', 'is not', null)
    .where('articles.category_id', 'is not', null)
    .where('articles.content_html', 'like', '%<h2%')
    .where('articles.content_html', 'like', '%<figcaption%')
    .where('articles.content_html', 'like', '%<p>%')
    .orderBy('articles.id')
    .executeTakeFirst();
  if (!row?.author) throw new Error('the demo corpus has no article with headings, figures, an author and a category');
  const { document } = parseHTML(`<!doctype html><html><body>${row.content_html}</body></html>`);
  const blocks = [...document.body.children].map((e) => ({ tag: e.tagName.toLowerCase(), text: norm(e.textContent) }));
  return { id: row.id, title: row.title, author: row.author, url: row.url, sourceName: row.source_name, blocks };
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Console errors, uncaught exceptions and CSP violations seen by a page. */
async function watchErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Evaluated by the DevTools protocol, so the page's own CSP does not block it.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return errors;
}

async function expectVisible(locator: Locator, what: string): Promise<void> {
  await locator.first().scrollIntoViewIfNeeded();
  expect(await locator.first().isVisible(), `${what} should be visible`).toBe(true);
  const box = await locator.first().boundingBox();
  expect(box && box.width > 0 && box.height > 0, `${what} should have a size`).toBe(true);
}

/** Scrolls every image into view and waits until each has finished loading. */
async function loadAllImages(page: Page): Promise<void> {
  const images = page.locator('img');
  const count = await images.count();
  for (let i = 0; i < count; i++) await images.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
}

function readsOf(text: string): number {
  const m = /^(\d+)人阅读$/.exec(norm(text));
  if (!m?.[1]) throw new Error(`read count "${text}" is not "N人阅读"`);
  return Number(m[1]);
}

/** WCAG relative luminance of a CSS rgb()/rgba() colour. */
function luminance(css: string): number {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe.skipIf(suite.skip)(suite.title, () => {
  let site: TestSite;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base: string;
  let target: Target;
  let settings: SiteSettings;
  let articleUrl: string;

  beforeAll(async () => {
    if (!suite.available) {
      throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
    }
    site = await createTestSite();
    target = await pickArticle(site);
    settings = await site.services.settings.current();
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: site.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    articleUrl = `${base}/a/${target.id}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      const s = server;
      await new Promise<void>((resolve, reject) => s.close((err) => (err ? reject(err) : resolve())));
    }
    await site?.close();
  });

  async function openPage(options: BrowserContextOptions = PHONE): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = await watchErrors(page);
    return { page, errors, close: () => context.close() };
  }

  const adSlot = (page: Page) => page.getByRole('complementary', { name: '广告', exact: true });

  it('shows every element of the reference page at 390 px, without overflow or errors', async () => {
    const { page, errors, close } = await openPage();
    try {
      const response = await page.goto(articleUrl, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);

      // The ad slot, with a close control that is on top (nothing covers it).
      const ad = adSlot(page);
      await expectVisible(ad, 'the ad slot');
      const closeAd = ad.getByRole('link', { name: '关闭广告' });
      await expectVisible(closeAd, '关闭广告');
      const onTop = await closeAd.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      });
      expect(onTop, '关闭广告 is not covered by another element').toBe(true);
      await page.evaluate(() => window.scrollTo(0, 0));

      // Title, source, live read count.
      const h1 = page.getByRole('heading', { level: 1 });
      await expectVisible(h1, 'the title');
      expect(norm(await h1.textContent())).toBe(norm(target.title));
      const article = page.locator('article');
      await expectVisible(article.getByRole('link', { name: target.sourceName, exact: true }), 'the source name');
      const reads = article.getByText(/^\d+人阅读$/);
      await expectVisible(reads, 'N人阅读');
      const before = readsOf(await reads.textContent() ?? '');

      // The body: the stored blocks in their order, headings, paragraphs and captioned images.
      const body = page.locator('.article-body');
      const shown = await body.evaluate((el) =>
        [...el.children].map((e) => ({ tag: e.tagName.toLowerCase(), text: (e.textContent ?? '').replace(/\s+/g, ' ').trim() })),
      );
      expect(shown).toEqual(target.blocks);
      const tags = shown.map((b) => b.tag);
      expect(tags).toContain('h2');
      expect(tags).toContain('p');
      expect(tags).toContain('figure');
      for (const h2 of await body.locator('h2').all()) await expectVisible(h2, `heading "${await h2.textContent()}"`);
      await expectVisible(body.locator('p'), 'a body paragraph');
      const figures = await body.locator('figure').all();
      for (const figure of figures) {
        const img = figure.locator('img');
        await expectVisible(img, 'a body image');
        await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), { timeout: 5000 }).toBe(true);
        const caption = figure.locator('figcaption');
        await expectVisible(caption, 'a figure caption');
        expect(norm(await caption.textContent())).not.toBe('');
      }

      // Attribution and disclaimer.
      const attribution = page.getByRole('complementary', { name: '版权与出处' });
      await expectVisible(attribution, 'the attribution block');
      await expectVisible(attribution.getByText(target.sourceName, { exact: true }), 'the source name in the attribution');
      await expectVisible(attribution.getByText(target.author, { exact: true }), 'the author');
      const original = attribution.locator(`a[href="${target.url}"]`);
      await expectVisible(original, 'the link to the original');
      expect((await original.getAttribute('rel'))?.split(/\s+/)).toContain('noopener');
      expect(settings.reprint_disclaimer).not.toBe('');
      await expectVisible(attribution.getByText(settings.reprint_disclaimer, { exact: true }), 'the disclaimer');

      // The two lists: every item has a title, a source and 浏览 N.
      for (const name of ['猜你喜欢', '精彩推荐']) {
        const list = page.getByRole('region', { name });
        await expectVisible(list.getByRole('heading', { name }), `${name} heading`);
        const items = await list.getByRole('listitem').all();
        expect(items.length, `${name} items`).toBeGreaterThanOrEqual(1);
        for (const item of items) {
          const title = norm(await item.locator('.title').textContent());
          expect(title, `${name} item title`).not.toBe('');
          expect(norm(await item.locator('.source').textContent()), `${name} "${title}" source`).not.toBe('');
          expect(norm(await item.locator('.views').textContent()), `${name} "${title}" views`).toMatch(/^浏览 \d+$/);
        }
        await expectVisible(items[0]!.locator('.title'), `${name} first title`);
        await expectVisible(items[0]!.locator('.source'), `${name} first source`);
        await expectVisible(items[0]!.locator('.views'), `${name} first 浏览 N`);
      }

      // Footer: the infringement notice links to /takedown; copyright years, domain, ICP number.
      const footer = page.getByRole('contentinfo');
      const notice = footer.getByRole('link', { name: settings.infringement_notice });
      await expectVisible(notice, 'the infringement notice');
      expect(await notice.getAttribute('href')).toBe('/takedown');
      const year = new Date().getFullYear();
      expect(settings.copyright_start_year, 'the demo sets a start year').toMatch(/^\d{4}$/);
      const years = Number(settings.copyright_start_year) < year ? `${settings.copyright_start_year}-${year}` : String(year);
      const domain = settings.site_domain || new URL(TEST_SITE_URL).host;
      const copyright = footer.getByText('Copyright ©');
      await expectVisible(copyright, 'the copyright line');
      const copyrightText = norm(await copyright.textContent());
      expect(copyrightText).toContain(years);
      expect(copyrightText).toContain(domain);
      expect(settings.icp_number).not.toBe('');
      await expectVisible(footer.getByText(settings.icp_number, { exact: true }), 'the ICP number');

      // Nothing wider than the phone.
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, 'horizontal overflow at 390 px').toBeLessThanOrEqual(390);

      // The read count is live: a new reader counts; the same reader again within 30 minutes does not.
      await page.context().clearCookies();
      await page.reload({ waitUntil: 'load' });
      expect(readsOf((await reads.textContent()) ?? '')).toBe(before + 1);
      await page.reload({ waitUntil: 'load' });
      expect(readsOf((await reads.textContent()) ?? '')).toBe(before + 1);

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('关闭广告 hides the ad at once, without a navigation, and it stays closed for this reader only', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(articleUrl, { waitUntil: 'load' });
      await expectVisible(adSlot(page), 'the ad slot');
      await page.evaluate(() => {
        (window as unknown as { redianMarker: string }).redianMarker = 'still here';
      });
      let navigations = 0;
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations++;
      });
      const closed = page.waitForResponse((r) => new URL(r.url()).pathname === '/ad/close');
      await adSlot(page).getByRole('link', { name: '关闭广告' }).click();
      expect((await closed).status()).toBe(204);
      expect(await page.locator('[data-ad-slot]').isVisible()).toBe(false);
      expect(page.url()).toBe(articleUrl);
      expect(navigations).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { redianMarker?: string }).redianMarker)).toBe('still here');

      // The server remembers: a reload renders no ad at all.
      const reloaded = await page.reload({ waitUntil: 'load' });
      expect(await reloaded?.text()).not.toContain('data-ad-slot');
      expect(await page.locator('[data-ad-slot]').count()).toBe(0);
      await expectVisible(page.getByRole('heading', { level: 1 }), 'the title after closing the ad');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    // Another reader still sees it.
    const other = await openPage();
    try {
      await other.page.goto(articleUrl, { waitUntil: 'load' });
      await expectVisible(adSlot(other.page), 'the ad slot for a new reader');
    } finally {
      await other.close();
    }
  });

  it('关闭广告 works without JavaScript: the link closes the ad and comes back to the article', async () => {
    const { page, close } = await openPage({ ...PHONE, javaScriptEnabled: false });
    try {
      await page.goto(articleUrl, { waitUntil: 'load' });
      await expectVisible(adSlot(page), 'the ad slot');
      const back = page.waitForResponse((r) => new URL(r.url()).pathname === `/a/${target.id}`);
      await adSlot(page).getByRole('link', { name: '关闭广告' }).click();
      const response = await back;
      expect(new URL(response.request().redirectedFrom()?.url() ?? '').pathname, 'came back through /ad/close').toBe('/ad/close');
      await page.waitForLoadState('load');
      expect(page.url()).toBe(articleUrl);
      expect(await page.locator('[data-ad-slot]').count()).toBe(0);
      await expectVisible(page.getByRole('heading', { level: 1 }), 'the title after closing the ad');
    } finally {
      await close();
    }
  });

  it('is dark in dark mode', async () => {
    const { page, errors, close } = await openPage({ ...PHONE, colorScheme: 'dark' });
    try {
      await page.goto(articleUrl, { waitUntil: 'load' });
      const bodyBg = luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      expect(bodyBg, 'body background luminance').toBeLessThan(0.05);
      // And the text on the article panel is still readable.
      const [fg, panel] = await page.locator('article').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      expect(contrast(luminance(fg!), luminance(panel!)), 'article text contrast').toBeGreaterThanOrEqual(7);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it.each<[string, BrowserContextOptions, number]>([
    ['article-390.png', PHONE, 390 * 2],
    ['article-1280.png', DESKTOP, 1280],
  ])('writes a full-page screenshot to artifacts/%s', async (name, options, width) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = `${ARTIFACTS}${name}`;
    const { page, errors, close } = await openPage(options);
    try {
      await page.goto(articleUrl, { waitUntil: 'load' });
      await loadAllImages(page);
      expect(await page.evaluate(() => [...document.images].filter((i) => i.naturalWidth === 0).map((i) => i.src))).toEqual([]);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(20_000);
      const size = pngSize(file);
      expect(size.width).toBe(width);
      expect(size.height, 'a full page, not just the viewport').toBeGreaterThan(options.viewport!.height * (options.deviceScaleFactor ?? 1));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
