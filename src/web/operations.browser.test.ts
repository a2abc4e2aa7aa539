/**
 * The Operations issue's "Done when" path, walked in a real browser (Debian's chromium
 * through playwright-core) against the real server (`startServer`, as `redian serve
 * --no-fetch` runs it) on 127.0.0.1 over a temporary SQLite file, with loopback fetching
 * allowed so the console can reach the local fixture news site (src/ingest/testing.ts):
 *
 *  1. an admin (created through the account service) signs in through the login form;
 *  2. adds the fixture site's home page as a source (the console finds its feed);
 *  3. fetches it now;  4. features one of its articles;  5. creates a text ad;
 *  6. a reader finds the article on the home page, sees the ad and closes it (closed on reload);
 *     the console counts the impression, the close and the read (buffered: polled);
 *  7. a rights holder files a takedown through /takedown and gets a reference;
 *  8. the admin accepts it in the queue;
 *  9. the article answers 410 (该文章因版权原因已删除) and is gone from the home page,
 *     search, the site feeds and the sitemaps;
 * 10. the audit log shows every step.
 *
 * Screenshots: artifacts/ops-dashboard-1280.png and artifacts/ops-takedowns-1280.png.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { startFixtureSite } from '../ingest/testing.js';
import { createServices } from '../services.js';
import { openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { browserSuite, CHROMIUM, CHROMIUM_ARGS } from '../testing/chromium.js';
import { type RunningServer, startServer } from './server.js';

const suite = browserSuite('operations walk-through in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
const ADMIN = 'ops';
const PASSWORD = 'correct horse battery staple';
const TITLE = '全文条目：城市绿道全线贯通';
const AD_TITLE = '运营测试广告：秋季阅读节';

/** A port free right now on 127.0.0.1, so SITE_URL can name it before the server starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe.skipIf(suite.skip)(suite.title, () => {
  let dir: string;
  let feeds: { url: string; close(): Promise<void> } | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'redian-ops-'));
    const databaseUrl = join(dir, 'redian.db');
    // The first account, made as `redian admin create` makes it: through the account service.
    const store = await openStore({ url: databaseUrl });
    await migrateToLatest(store);
    const services = createServices(store, pino({ level: 'silent' }));
    await services.admin.accounts.create({ username: ADMIN, password: PASSWORD, role: 'admin' }, 'cli');
    await services.close();
    await store.close();

    feeds = await startFixtureSite();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: base,
      DATABASE_URL: databaseUrl,
      REDIAN_DEMO: '0',
      FETCH_ALLOW_LOOPBACK: '1',
      IMAGE_CACHE_DIR: join(dir, 'img-cache'),
      LOG_LEVEL: 'silent',
    });
    // No scheduler: the source is fetched when the admin says so.
    server = await startServer(config, pino({ level: 'silent' }), { fetch: false });
    expect(server.url).toBe(base);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop(2000);
    await feeds?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A fresh browser profile (its own cookies), with page errors collected. */
  async function person(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser!.newContext(DESKTOP);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Failed loads are reported below with their URL, rather than as the console's bare line.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
    return { context, page, errors };
  }

  /** Clicks something that submits or navigates, and waits for the page it leads to. */
  async function clickTo(page: Page, url: RegExp, click: () => Promise<void>): Promise<void> {
    await Promise.all([page.waitForURL(url), click()]);
  }

  /** What machines see of an article: the site's three feeds and every sitemap listed in the index. */
  async function machineViews(request: APIRequestContext, id: number): Promise<{ feeds: Record<string, boolean>; sitemaps: Record<string, boolean> }> {
    const href = `${base}/a/${id}`;
    const mentions = (body: string) => body.includes(`${href}<`) || body.includes(`${href}"`) || body.includes(`${href}/`);
    const out = { feeds: {} as Record<string, boolean>, sitemaps: {} as Record<string, boolean> };
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
      const res = await request.get(`${base}${path}`);
      expect(res.status(), path).toBe(200);
      out.feeds[path] = mentions(await res.text());
    }
    const index = await request.get(`${base}/sitemap.xml`);
    expect(index.status()).toBe(200);
    const locs = [...(await index.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs.some((l) => /\/sitemaps\/articles-\d+\.xml$/.test(l))).toBe(true);
    for (const loc of locs) {
      const res = await request.get(loc.replace(/&amp;/g, '&'));
      expect(res.status(), loc).toBe(200);
      out.sitemaps[new URL(loc).pathname] = mentions(await res.text());
    }
    return out;
  }

  /** Runs the header search box on the current page; the result links on /search. */
  async function searchFor(page: Page, term: string): Promise<string[]> {
    const box = page.locator('header').getByRole('search').getByRole('searchbox');
    await box.fill(term);
    await clickTo(page, /\/search\?q=/, () => box.press('Enter'));
    expect(await page.locator('main input[name="q"]').inputValue()).toBe(term);
    return page.locator('.results .result a.title').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  }

  it('admin, advertiser, reader and rights holder: the whole operations path', async () => {
    const admin = await person();
    const a = admin.page;

    // ── Step 1: the admin signs in through the login form.
    await a.goto(`${base}/admin`);
    expect(new URL(a.url()).pathname).toBe('/admin/login');
    await a.fill('input[name="username"]', ADMIN);
    await a.fill('input[name="password"]', PASSWORD);
    await clickTo(a, new RegExp(`^${base}/admin$`), () => a.click('button[type="submit"]'));
    await expect(a.locator('h1').first().textContent()).resolves.toBe('仪表盘');
    const cookies = await admin.context.cookies(`${base}/admin`);
    expect(cookies.find((c) => c.name === 'redian_admin')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // ── Step 2: adds the fixture site by its home page; the console finds the feed it announces.
    await clickTo(a, /\/admin\/sources$/, () => a.click('.admin-nav a[href="/admin/sources"]'));
    const addForm = a.locator('#add form');
    await addForm.locator('input[name="url"]').fill(`${feeds!.url}/`);
    await addForm.locator('select[name="policy"]').selectOption('full');
    await clickTo(a, /\/admin\/sources\/\d+\?done=added$/, () => addForm.getByRole('button', { name: '查找并添加' }).click());
    const sourcePath = new URL(a.url()).pathname;
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已添加。');
    await expect(a.locator('h1.page-title').textContent()).resolves.toBe('本地测试站');
    const facts = (label: string) => a.locator('dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
    await expect(facts('订阅源').textContent()).resolves.toBe(`${feeds!.url}/feed.xml`);
    await expect(facts('文章数').textContent()).resolves.toBe('0');
    await expect(facts('上次抓取').textContent()).resolves.toBe('从未');

    // ── Step 3: fetch now.
    await clickTo(a, new RegExp(`${sourcePath}\\?done=fetched$`), () => a.getByRole('button', { name: '立即抓取' }).click());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已抓取，结果见下方。');
    expect(Number(await facts('文章数').textContent())).toBeGreaterThanOrEqual(2);
    await expect(a.getByTestId('last-error').textContent()).resolves.toBe('无');
    expect(await facts('上次成功').textContent()).not.toBe('从未');

    // ── Step 4: features one of its articles from the article list.
    await clickTo(a, /\/admin\/articles\?source=\d+$/, () => a.getByRole('link', { name: '查看文章' }).click());
    const row = a.locator('.admin-table tbody tr', { has: a.locator('td[data-label="标题"] a', { hasText: TITLE }) });
    await expect(row.count()).resolves.toBe(1);
    const articleId = Number((await row.locator('td[data-label="标题"] a').getAttribute('href'))!.split('/').pop());
    expect(articleId).toBeGreaterThan(0);
    await expect(row.locator('td[data-label="状态"]').textContent()).resolves.toBe('已发布');
    await clickTo(a, /done=featured/, () => row.getByRole('button', { name: '精选', exact: true }).click());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已设为精选。');
    await expect(row.locator('.tag', { hasText: '精选' }).count()).resolves.toBe(1);
    await expect(row.getByRole('button', { name: '取消精选' }).count()).resolves.toBe(1);

    // ── Step 5: creates a text + link ad at the top of article pages.
    await clickTo(a, /\/admin\/ads$/, () => a.click('.admin-nav a[href="/admin/ads"]'));
    await clickTo(a, /\/admin\/ads\/new$/, () => a.getByRole('link', { name: '新建广告' }).click());
    const adForm = a.getByTestId('ad-form');
    await adForm.locator('select[name="slot"]').selectOption('article_top');
    await adForm.locator('select[name="kind"]').selectOption('text');
    await adForm.locator('input[name="title"]').fill(AD_TITLE);
    await adForm.locator('input[name="body_text"]').fill('十一月每个周末，城市书房免费开放。');
    await adForm.locator('input[name="link_url"]').fill('https://ad.example/reading');
    expect(await adForm.locator('input[name="enabled"]').isChecked()).toBe(true);
    await clickTo(a, /\/admin\/ads\/\d+\?done=added$/, () => adForm.getByRole('button', { name: '保存' }).click());
    const adId = Number(new URL(a.url()).pathname.split('/').pop());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已添加。');
    await clickTo(a, /\/admin\/ads$/, () => a.click('.admin-nav a[href="/admin/ads"]'));
    const adRow = a.locator(`tr[data-ad-id="${adId}"]`);
    await expect(adRow.locator('td[data-label="广告"] a').textContent()).resolves.toBe(AD_TITLE);
    await expect(adRow.locator('td[data-label="位置"]').textContent()).resolves.toBe('文章页顶部');
    await expect(adRow.locator('td[data-label="状态"]').textContent()).resolves.toBe('投放中');

    // ── Step 6: a reader (a fresh browser) finds the article on the home page, sees the ad, closes it.
    const reader = await person();
    const r = reader.page;
    await r.goto(`${base}/`);
    const homeLink = r.locator(`main a[href="/a/${articleId}"]`).first();
    await clickTo(r, new RegExp(`/a/${articleId}$`), () => homeLink.click());
    await expect(r.locator('h1').first().textContent()).resolves.toBe(TITLE);
    const topAd = r.locator('[data-ad-slot="article_top"]');
    await topAd.waitFor({ state: 'visible' });
    expect(await topAd.textContent()).toContain(AD_TITLE);
    expect(await topAd.locator('a.ad-body').getAttribute('href')).toBe(`/ad/${adId}/click`);
    const closed = r.waitForResponse((res) => new URL(res.url()).pathname === '/ad/close');
    await topAd.getByRole('link', { name: '关闭广告' }).click();
    expect((await closed).status()).toBe(204);
    await topAd.waitFor({ state: 'hidden' });
    await r.reload();
    await expect(r.locator('h1').first().textContent()).resolves.toBe(TITLE);
    expect(await r.locator('[data-ad-slot="article_top"]').count()).toBe(0);
    // …and on another visit of an article page, too.
    await r.goto(`${base}/a/${articleId}`);
    expect(await r.locator('[data-ad-slot="article_top"]').count()).toBe(0);

    // The console counts the impression and the close; impressions are buffered (about once a second): poll.
    await a.goto(`${base}/admin/ads`);
    await expect
      .poll(
        async () => {
          await a.reload();
          const n = async (label: string) => Number(await adRow.locator(`td[data-label="${label}"]`).textContent());
          return { shown: (await n('展示')) >= 1, closes: await n('关闭') };
        },
        { timeout: 15_000, interval: 500 },
      )
      .toEqual({ shown: true, closes: 1 });
    // The reader's reads reach the dashboard's "today" table once the buffered counts are written: poll.
    await a.goto(`${base}/admin`);
    await expect
      .poll(
        async () => {
          await a.reload();
          return a.locator(`td[data-label="标题"] a[href="/a/${articleId}"]`).count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(1);

    // Before the takedown: the article is in search, the feeds and the sitemaps.
    expect(await searchFor(r, '绿道')).toContain(`/a/${articleId}`);
    const before = await machineViews(reader.context.request, articleId);
    expect(before.feeds).toEqual({ '/feed.xml': true, '/atom.xml': true, '/feed.json': true });
    expect(Object.entries(before.sitemaps).some(([path, has]) => /articles-\d+\.xml$/.test(path) && has)).toBe(true);

    // ── Step 7: a rights holder files a takedown through the public form, reached from the site's footer.
    const holder = await person();
    const h = holder.page;
    await h.goto(`${base}/a/${articleId}`);
    await clickTo(h, /\/takedown$/, () => h.locator('footer a[href="/takedown"]').click());
    await h.fill('#td-claimant', '张三');
    await h.fill('#td-organisation', '某某传媒有限公司');
    await h.fill('#td-email', 'legal@rights.example');
    await h.fill('#td-urls', `${base}/a/${articleId}`);
    await h.fill('#td-work', '《城市绿道全线贯通》为本公司记者原创报道，首发于本公司网站，未经授权被转载，请删除。');
    await h.check('#td-good_faith');
    const submitted = h.waitForResponse((res) => new URL(res.url()).pathname === '/takedown' && res.request().method() === 'POST');
    await h.locator('form.form button[type="submit"]').click();
    expect((await submitted).status()).toBe(200);
    const reference = (await h.locator('.reference').textContent())!.trim();
    expect(reference).toMatch(/^TD-\d{8}-[A-Z2-9]{4}$/);

    // ── Step 8: the admin sees it on the dashboard and accepts it in the takedown queue.
    await a.goto(`${base}/admin`);
    await expect(a.getByTestId('pending-takedowns').textContent()).resolves.toBe('1');
    const dashboardShot = `${ARTIFACTS}ops-dashboard-1280.png`;
    await a.screenshot({ path: dashboardShot, fullPage: true });
    console.log(`screenshot: ${dashboardShot}`);
    await clickTo(a, /\/admin\/takedowns$/, () => a.click('.admin-nav a[href="/admin/takedowns"]'));
    const queueRow = a.getByTestId('takedown-queue').locator('tbody tr', { hasText: reference });
    await expect(queueRow.locator('td[data-label="状态"]').textContent()).resolves.toBe('待处理');
    expect(await queueRow.locator('td[data-label="投诉人"]').textContent()).toContain('张三');
    const queueShot = `${ARTIFACTS}ops-takedowns-1280.png`;
    await a.screenshot({ path: queueShot, fullPage: true });
    console.log(`screenshot: ${queueShot}`);
    await clickTo(a, new RegExp(`/admin/takedowns/${reference}$`), () => queueRow.getByRole('link', { name: reference }).click());
    const concerned = a.getByTestId('takedown-articles').locator('tbody tr');
    await expect(concerned.count()).resolves.toBe(1);
    await expect(concerned.locator('td[data-label="文章"] a').first().textContent()).resolves.toBe(TITLE);
    await expect(concerned.locator('td[data-label="状态"]').textContent()).resolves.toBe('已发布');
    const accept = a.getByTestId('accept-form');
    expect(await accept.locator('input[name="scope"][value="article"]').isChecked()).toBe(true);
    await accept.locator('input[name="note"]').fill('核实为原创，删除');
    await clickTo(a, /done=accepted$/, () => accept.getByRole('button', { name: '受理并删除' }).click());
    expect(await a.locator('.flash-ok').textContent()).toContain('已受理');
    await expect(concerned.locator('td[data-label="状态"]').textContent()).resolves.toBe('已删除');
    await expect(a.locator('h1 .tag').textContent()).resolves.toBe('已删除');

    // ── Step 9: the article answers 410 with the notice at once (the page it had was cached) …
    expect((await r.goto(`${base}/a/${articleId}`))?.status()).toBe(410);
    expect(await r.locator('main').textContent()).toContain('该文章因版权原因已删除');
    // … and is gone from the home page, search, the feeds and the sitemaps.
    await r.goto(`${base}/`);
    expect(await r.locator(`a[href="/a/${articleId}"]`).count()).toBe(0);
    expect(await r.locator('main a[href^="/a/"]').count()).toBeGreaterThan(0);
    const hits = await searchFor(r, '绿道');
    expect(hits).not.toContain(`/a/${articleId}`);
    expect(await r.locator('main').textContent()).toContain('没有找到与“绿道”相关的文章');
    expect(await searchFor(r, '城市绿道全线贯通')).not.toContain(`/a/${articleId}`);
    const after = await machineViews(reader.context.request, articleId);
    expect(after.feeds).toEqual({ '/feed.xml': false, '/atom.xml': false, '/feed.json': false });
    expect(Object.values(after.sitemaps).every((has) => !has)).toBe(true);
    // The console lists it as taken down.
    await a.goto(`${base}/admin/articles?status=taken_down`);
    await expect(a.locator(`td[data-label="标题"] a[href="/admin/articles/${articleId}"]`).count()).resolves.toBe(1);

    // ── Step 10: the audit log shows each step, filtered to this admin through its form.
    await clickTo(a, /\/admin\/audit$/, () => a.click('.admin-nav a[href="/admin/audit"]'));
    await a.locator('form.filter-form input[name="actor"]').fill(ADMIN);
    await clickTo(a, /\/admin\/audit\?actor=ops&/, () => a.locator('form.filter-form').getByRole('button', { name: '筛选' }).click());
    const entries = await a.locator('.audit-table tbody tr').evaluateAll((rows) =>
      rows.map((tr) => {
        const cell = (label: string) => tr.querySelector(`td[data-label="${label}"]`)?.textContent?.trim() ?? '';
        return { actor: cell('操作人'), action: cell('操作'), target: cell('对象') };
      }),
    );
    const sourceId = sourcePath.split('/').pop();
    for (const step of [
      { action: 'login', target: `account:${ADMIN}` },
      { action: 'source.create', target: `source:${sourceId}` },
      { action: 'source.fetch', target: `source:${sourceId}` },
      { action: 'article.feature', target: `article:${articleId}` },
      { action: 'ad.create', target: `ad:${adId}` },
      { action: 'takedown.accept', target: `takedown:${reference}` },
    ]) {
      expect(entries, `${step.action} in the audit log`).toContainEqual({ actor: ADMIN, ...step });
    }
    // Newest first: the accept is the last thing the admin did.
    expect(entries[0]).toMatchObject({ action: 'takedown.accept' });

    expect(admin.errors).toEqual([]);
    // Expected failures only: the 410 itself, and the fixture's deliberately broken image (<img src="x">
    // in its hostile item, resolved to /news/x, which the fixture site answers 404) through the image proxy.
    const brokenFixtureImage = (e: string) => {
      const m = /^404 .*\/img\/[^/]+\/([A-Za-z0-9_-]+)$/.exec(e);
      return m !== null && Buffer.from(m[1]!, 'base64url').toString() === `${feeds!.url}/news/x`;
    };
    expect(reader.errors.filter((e) => e !== `410 ${base}/a/${articleId}` && !brokenFixtureImage(e))).toEqual([]);
    expect(holder.errors.filter((e) => !brokenFixtureImage(e))).toEqual([]);
    await Promise.all([admin.context.close(), reader.context.close(), holder.context.close()]);
  }, 240_000);
});
