/**
 * The Editorial-control issue's "Done when" path, walked in a real browser (Debian's
 * chromium through playwright-core) against the real server over a temporary SQLite file,
 * fetching from the local fixture news site (src/testing/browser-site.ts):
 *
 *  1. an admin signs in and adds the fixture site as a source that requires review (需要审核);
 *     fetched, its three items wait in the review queue;
 *  2. writes a hold rule (绿道), tries it first (试运行 over the stored articles: the one it
 *     would hold, 绿道 marked, nothing saved), then saves it;
 *  3. adds the fixture's second feed (the same items, as another medium would reprint them)
 *     as an ordinary source and fetches it: the rule holds its 绿道 item, the others publish;
 *  4. that held item is on no page: home, search, the feeds, the sitemaps, its own URL (404);
 *  5. the queue shows it with 绿道 marked and why; the admin approves it and rejects another
 *     (ticked, in bulk); the rest still wait, also on a phone;
 *  6. the approved article is published, on the home page;
 *  7. a sensitive-word list imported from a GBK file: tried first, then saved (read as GB18030);
 *  8. the audit log shows the rule and list changes and the review decisions.
 *
 * Screenshots: artifacts/rules-1280.png, artifacts/rules-dry-run-1280.png,
 * artifacts/review-queue-1280.png, artifacts/review-item-1280.png and artifacts/review-390.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSite, clickTo, isBrokenFixtureImage, machineViews, person, PHONE, searchFor, signInAs, startBrowserSite } from '../testing/browser-site.js';
import { browserSuite, CHROMIUM } from '../testing/chromium.js';

const suite = browserSuite('editorial control walk-through in Chromium');
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const ACCOUNT = { username: 'chief', password: 'correct horse battery staple' };
const GREENWAY = '全文条目：城市绿道全线贯通';
const BOOKSHOP = '摘要条目：老街区迎来新书店';
/** The fixture site's name (its feed's title), and the name given to its second feed. */
const FIRST = '本地测试站';
const SECOND = '第二测试站';

describe.skipIf(suite.skip)(suite.title, () => {
  let site: BrowserSite | undefined;

  beforeAll(async () => {
    if (!suite.available) throw new Error(`REDIAN_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await startBrowserSite(ACCOUNT);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('rules tried then saved, a review queue, a GBK word list, all audited', async () => {
    const { base, feeds, browser } = site!;
    const admin = await person(browser);
    const a = admin.page;
    const shot = async (name: string, page = a) => {
      const path = `${ARTIFACTS}${name}`;
      await page.screenshot({ path, fullPage: true });
      console.log(`screenshot: ${path}`);
    };

    // ── Step 1: sign in, add the fixture site as a source that requires review, fetch it.
    await signInAs(a, base, ACCOUNT);
    await clickTo(a, /\/admin\/sources$/, () => a.click('.admin-nav a[href="/admin/sources"]'));
    const addForm = a.locator('#add form');
    await addForm.locator('input[name="url"]').fill(`${feeds.url}/`);
    await addForm.locator('input[name="review"]').check();
    await clickTo(a, /\/admin\/sources\/\d+\?done=added$/, () => addForm.getByRole('button', { name: '查找并添加' }).click());
    expect(await a.locator('input[name="review"]').isChecked()).toBe(true);
    await clickTo(a, /done=fetched$/, () => a.getByRole('button', { name: '立即抓取' }).click());
    const facts = (label: string) => a.locator('dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
    await expect(facts('文章数').textContent()).resolves.toBe('3');
    await expect(a.getByTestId('review-waiting').textContent()).resolves.toBe('3');

    // ── Step 2: a hold rule on 绿道, tried first over the stored articles.
    await clickTo(a, /\/admin\/rules$/, () => a.click('.admin-nav a[href="/admin/rules"]'));
    await clickTo(a, /\/admin\/rules\/rules\/new$/, () => a.getByRole('link', { name: '新建规则' }).click());
    const ruleForm = a.getByTestId('rule-form');
    await ruleForm.locator('select[name="action"]').selectOption('hold');
    await ruleForm.locator('select[name="field"]').selectOption('any');
    await ruleForm.locator('textarea[name="pattern"]').fill('绿道');
    await ruleForm.locator('input[name="note"]').fill('绿道专题');
    await clickTo(a, /\/admin\/rules\/rules\/dry-run$/, () => ruleForm.getByRole('button', { name: '试运行' }).click());
    await expect(a.getByTestId('dry-run-summary').textContent()).resolves.toMatch(/检查了最近 3 篇文章：会拦截 0 篇，会转入待审 1 篇，会改动 0 篇/);
    const wouldHold = a.getByTestId('dry-run-held').locator('tbody tr');
    await expect(wouldHold.count()).resolves.toBe(1);
    await expect(wouldHold.locator('td[data-label="文章"]').textContent()).resolves.toBe(GREENWAY);
    await expect(wouldHold.locator('td[data-label="文章"] mark').textContent()).resolves.toBe('绿道');
    // The form is as typed, ready to save; nothing was saved yet.
    await expect(ruleForm.locator('textarea[name="pattern"]').inputValue()).resolves.toBe('绿道');
    await expect(ruleForm.locator('input[name="note"]').inputValue()).resolves.toBe('绿道专题');
    await shot('rules-dry-run-1280.png');
    expect(await (await admin.context.request.get(`${base}/admin/rules`)).text()).toContain('还没有规则。');
    await clickTo(a, /\/admin\/rules\/rules\/\d+\?done=saved$/, () => ruleForm.getByRole('button', { name: '保存' }).click());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已保存。');
    const ruleId = Number(new URL(a.url()).pathname.split('/').pop());

    // ── Step 3: the fixture's second feed, an ordinary source; the rule holds its 绿道 item.
    await a.goto(`${base}/admin/sources`);
    await addForm.locator('input[name="url"]').fill(`${feeds.url}/gbk.xml`);
    await addForm.locator('input[name="name"]').fill(SECOND);
    await clickTo(a, /\/admin\/sources\/\d+\?done=added$/, () => addForm.getByRole('button', { name: '查找并添加' }).click());
    expect(await a.locator('input[name="review"]').isChecked()).toBe(false);
    await clickTo(a, /done=fetched$/, () => a.getByRole('button', { name: '立即抓取' }).click());
    await expect(facts('文章数').textContent()).resolves.toBe('3');
    await expect(a.getByTestId('review-waiting').textContent()).resolves.toBe('4');

    // ── Step 5 (first look): the queue, 绿道 marked in the held item's title, and why it waits.
    await clickTo(a, /\/admin\/review$/, () => a.click('.admin-nav a[href="/admin/review"]'));
    const queue = a.getByTestId('review-queue');
    const rowOf = (title: string, source: string) =>
      queue.locator('tbody tr', { has: a.locator('a.review-title', { hasText: title }) }).filter({ has: a.locator('td[data-label="来源"]', { hasText: source }) });
    const greenRow = rowOf(GREENWAY, SECOND);
    await expect(greenRow.count()).resolves.toBe(1);
    const heldId = Number(await greenRow.getAttribute('data-article-id'));
    await expect(greenRow.locator('a.review-title mark').allTextContents()).resolves.toEqual(['绿道']);
    await expect(greenRow.locator('.chip').allTextContents()).resolves.toEqual([expect.stringMatching(/绿道专题.*：绿道$/)]);
    // The first source's items wait because the source requires review.
    const firstSourceChip = await rowOf(BOOKSHOP, FIRST).locator('.chip').allTextContents();
    expect(firstSourceChip).toEqual([expect.stringContaining(FIRST)]);
    await shot('review-queue-1280.png');
    // Its own page: the whole text with 绿道 marked, and the decision and edit forms.
    await clickTo(a, new RegExp(`/admin/review/${heldId}$`), () => greenRow.locator('a.review-title').click());
    expect((await a.locator('.review-body mark').allTextContents()).length).toBeGreaterThanOrEqual(2);
    expect(new Set(await a.locator('.review-body mark').allTextContents())).toEqual(new Set(['绿道']));
    await expect(a.getByTestId('review-edit').locator('input[name="title"]').inputValue()).resolves.toBe(GREENWAY);
    await shot('review-item-1280.png');
    await clickTo(a, /\/admin\/review$/, () => a.getByRole('link', { name: '← 审核队列' }).click());

    // ── Step 4: the held article is nowhere a reader or a machine looks.
    const reader = await person(browser);
    const r = reader.page;
    expect((await r.goto(`${base}/a/${heldId}`))?.status()).toBe(404);
    await r.goto(`${base}/`);
    expect(await r.locator(`a[href="/a/${heldId}"]`).count()).toBe(0);
    expect(await r.locator('main a[href^="/a/"]').count()).toBeGreaterThan(0);
    expect(await searchFor(r, '绿道')).not.toContain(`/a/${heldId}`);
    expect(await searchFor(r, '城市绿道全线贯通')).not.toContain(`/a/${heldId}`);
    const hidden = await machineViews(reader.context.request, base, heldId);
    expect(hidden.feeds).toEqual({ '/feed.xml': false, '/atom.xml': false, '/feed.json': false });
    expect(Object.keys(hidden.sitemaps).some((path) => /\/sitemaps\/articles-\d+\.xml$/.test(path))).toBe(true);
    expect(Object.values(hidden.sitemaps).every((has) => !has)).toBe(true);

    // ── Step 5: approve it; reject the first source's hostile item; both ticked in the queue.
    await greenRow.locator('input[name="ids"]').check();
    await clickTo(a, /\/admin\/review\?done=approved&n=1$/, () => queue.getByRole('button', { name: '通过所选' }).click());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已通过，文章已发布。');
    await expect(a.getByTestId('review-waiting').textContent()).resolves.toBe('3');
    const hostileRow = queue.locator('tbody tr', { hasNotText: BOOKSHOP }).filter({ hasNotText: GREENWAY });
    await expect(hostileRow.count()).resolves.toBe(1);
    const rejectedId = Number(await hostileRow.getAttribute('data-article-id'));
    await hostileRow.locator('input[name="ids"]').check();
    await queue.locator('input[name="note"]').fill('标题含脚本');
    await clickTo(a, /\/admin\/review\?done=rejected&n=1$/, () => queue.getByRole('button', { name: '拒绝所选' }).click());
    await expect(a.locator('tbody tr[data-article-id]').count()).resolves.toBe(2);
    await expect(a.getByTestId('review-waiting').textContent()).resolves.toBe('2');

    // The two still waiting, on a phone.
    const phone = await person(browser, { ...PHONE, storageState: await admin.context.storageState() });
    await phone.page.goto(`${base}/admin/review`);
    expect(new Set(await phone.page.locator('tbody tr[data-article-id] a.review-title').allTextContents())).toEqual(new Set([GREENWAY, BOOKSHOP]));
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('review-390.png', phone.page);

    // ── Step 6: the approved article is published: its page, and the home page (the story's only published copy).
    expect((await r.goto(`${base}/a/${heldId}`))?.status()).toBe(200);
    await expect(r.locator('h1').first().textContent()).resolves.toBe(GREENWAY);
    await r.goto(`${base}/`);
    expect(await r.locator(`main a[href="/a/${heldId}"]`).count()).toBeGreaterThan(0);
    expect((await r.goto(`${base}/a/${rejectedId}`))?.status()).toBe(404);

    // ── Step 7: a sensitive-word list from a GBK file, tried first, then saved.
    const gbkFile = { name: '敏感词.txt', mimeType: 'text/plain', buffer: iconv.encode('老宅\r\n书店\r\n书店\r\n', 'gbk') };
    await a.goto(`${base}/admin/rules`);
    await clickTo(a, /\/admin\/rules\/lists\/new$/, () => a.getByRole('link', { name: '新建或导入词表' }).click());
    const listForm = a.getByTestId('list-form');
    await listForm.locator('input[name="name"]').fill('老街测试词表');
    await listForm.locator('select[name="action"]').selectOption('block');
    await listForm.locator('input[name="file"]').setInputFiles(gbkFile);
    await clickTo(a, /\/admin\/rules\/lists\/dry-run$/, () => listForm.getByRole('button', { name: '试运行' }).click());
    await expect(a.getByTestId('dry-run-summary').textContent()).resolves.toMatch(/会拦截 [1-9]\d* 篇/);
    const blocked = a.getByTestId('dry-run-blocked').locator('tbody tr');
    const blockedTitles = await blocked.locator('td[data-label="文章"]').allTextContents();
    expect(blockedTitles.length).toBeGreaterThan(0);
    expect(new Set(blockedTitles)).toEqual(new Set([BOOKSHOP]));
    expect(await blocked.first().locator('.chip').textContent()).toMatch(/老街测试词表.*(老宅|书店)/);
    await expect(a.locator('.flash-ok').textContent()).resolves.toContain('保存时请重新选择该文件');
    await listForm.locator('input[name="file"]').setInputFiles(gbkFile);
    await clickTo(a, /\/admin\/rules\/lists\/\d+\?done=saved/, () => listForm.getByRole('button', { name: '保存' }).click());
    await expect(a.locator('.flash-ok').textContent()).resolves.toBe('已保存：2 个词，按 GB18030 读取，去掉重复 1 个。');
    await expect(a.locator('textarea[name="words"]').inputValue()).resolves.toBe('老宅\n书店');
    const listId = Number(new URL(a.url()).pathname.split('/').pop());
    await a.goto(`${base}/admin/rules`);
    await expect(a.locator(`tr[data-rule-id="${ruleId}"] td[data-label="内容"]`).textContent()).resolves.toBe('绿道');
    await expect(a.locator(`tr[data-list-id="${listId}"] td[data-label="词数"]`).textContent()).resolves.toBe('2');
    await shot('rules-1280.png');

    // ── Step 8: the audit log, filtered to this admin.
    await clickTo(a, /\/admin\/audit$/, () => a.click('.admin-nav a[href="/admin/audit"]'));
    await a.locator('form.filter-form input[name="actor"]').fill(ACCOUNT.username);
    await clickTo(a, /\/admin\/audit\?actor=chief&/, () => a.locator('form.filter-form').getByRole('button', { name: '筛选' }).click());
    const entries = await a.locator('.audit-table tbody tr').evaluateAll((rows) =>
      rows.map((tr) => {
        const cell = (label: string) => tr.querySelector(`td[data-label="${label}"]`)?.textContent?.trim() ?? '';
        return { action: cell('操作'), target: cell('对象') };
      }),
    );
    for (const step of [
      { action: 'filter.rule.create', target: `filter_rule:${ruleId}` },
      { action: 'review.approve', target: `article:${heldId}` },
      { action: 'review.reject', target: `article:${rejectedId}` },
      { action: 'filter.list.create', target: `word_list:${listId}` },
    ]) {
      expect(entries, `${step.action} in the audit log`).toContainEqual(step);
    }
    expect(entries[0]).toMatchObject({ action: 'filter.list.create' });

    expect(admin.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    // Expected failures only: the held and the rejected article's 404, and the fixture's broken image.
    const expected = new Set([`404 ${base}/a/${heldId}`, `404 ${base}/a/${rejectedId}`]);
    expect(reader.errors.filter((e) => !expected.has(e) && !isBrokenFixtureImage(e, feeds.url))).toEqual([]);
    await Promise.all([admin.context.close(), reader.context.close(), phone.context.close()]);
  }, 240_000);
});
