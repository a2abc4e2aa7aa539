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
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSite, clickTo, isBrokenFixtureImage, machineViews as machineViewsAt, person as newPerson, searchFor, startBrowserSite } from '../testing/browser-site.js';
import { browserSuite, CHROMIUM } from '../testing/chromium.js';

const suite = browserSuite('operations walk-through in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const ADMIN = 'ops';
const PASSWORD = 'correct horse battery staple';
const TITLE = '全文条目：城市绿道全线贯通';
const AD_TITLE = '运营测试广告：秋季阅读节';

describe.skipIf(suite.skip)(suite.title, () => {
  let site: BrowserSite | undefined;
  let base: string;
  let feeds: BrowserSite['feeds'] | undefined;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await startBrowserSite({ username: ADMIN, password: PASSWORD });
    ({ base, feeds } = site);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  const person = () => newPerson(site!.browser);
  const machineViews = (request: Parameters<typeof machineViewsAt>[0], id: number) => machineViewsAt(request, base, id);

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
    expect(Object.keys(after.sitemaps).some((path) => /\/sitemaps\/articles-\d+\.xml$/.test(path))).toBe(true);
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
    const brokenFixtureImage = (e: string) => isBrokenFixtureImage(e, feeds!.url);
    expect(reader.errors.filter((e) => e !== `410 ${base}/a/${articleId}` && !brokenFixtureImage(e))).toEqual([]);
    expect(holder.errors.filter((e) => !brokenFixtureImage(e))).toEqual([]);
    await Promise.all([admin.context.close(), reader.context.close(), holder.context.close()]);
  }, 240_000);
});
