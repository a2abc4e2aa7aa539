import { parseHTML } from 'linkedom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../../../ingest/testing.js';
import { createTestSite, fetchPage, textOf, type TestSite } from '../../testing.js';
import { type AdminClient, signIn } from './testing.js';

let site: TestSite;
let editor: AdminClient;
let admin: AdminClient;
let feeds: { url: string; close(): Promise<void> };

beforeAll(async () => {
  feeds = await startFixtureSite();
});
afterAll(() => feeds.close());
beforeEach(async () => {
  site = await createTestSite({ services: { fetchAllowLoopback: true } });
  editor = await signIn(site, 'editor', 'ed');
  admin = await signIn(site, 'admin', 'alice');
});
afterEach(() => site.close());

/** The newest audit entry for a target, with before/after parsed. */
async function lastAudit(target: string) {
  const { entries } = await site.services.audit.list({ target }, 1);
  const e = entries[0];
  if (!e) throw new Error(`no audit entry for ${target}`);
  return { ...e, before: e.before_json === null ? null : JSON.parse(e.before_json), after: e.after_json === null ? null : JSON.parse(e.after_json) };
}

async function publishedArticle(): Promise<{ id: number; title: string; url: string; category_id: number | null }> {
  return site.store.db
    .selectFrom('articles')
    .select(['id', 'title', 'url', 'category_id'])
    .where('status', '=', 'published')
    .where('featured', '=', 0)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

describe('articles', () => {
  it('hides and unhides: the page (already cached) answers 404 at once, then comes back; both audited', async () => {
    const a = await publishedArticle();
    expect((await site.app.request(`/a/${a.id}`)).status).toBe(200);
    const res = await editor.post(`/admin/articles/${a.id}/hide`, { back: '/admin/articles?status=published' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/articles?status=published&done=hidden');
    expect((await site.app.request(`/a/${a.id}`)).status).toBe(404);
    const hidden = await lastAudit(`article:${a.id}`);
    expect(hidden).toMatchObject({ actor: 'ed', action: 'article.hide', before: { status: 'published' }, after: { status: 'hidden' } });
    // Gone from the lists too.
    expect((await fetchPage(site, '/')).html).not.toContain(`href="/a/${a.id}"`);

    expect((await editor.post(`/admin/articles/${a.id}/unhide`)).status).toBe(303);
    expect((await site.app.request(`/a/${a.id}`)).status).toBe(200);
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.unhide', before: { status: 'hidden' }, after: { status: 'published' } });
  });

  it('features and unfeatures, audited', async () => {
    const a = await publishedArticle();
    await editor.post(`/admin/articles/${a.id}/feature`);
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.feature', before: { featured: false }, after: { featured: true } });
    expect((await site.store.db.selectFrom('articles').select('featured').where('id', '=', a.id).executeTakeFirstOrThrow()).featured).toBe(1);
    await editor.post(`/admin/articles/${a.id}/unfeature`);
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.unfeature', before: { featured: true }, after: { featured: false } });
  });

  it('changes the title: the cached article page shows the new one at once; audited', async () => {
    const a = await publishedArticle();
    await site.app.request(`/a/${a.id}`);
    const title = `<b>新标题</b> ${a.id}`;
    expect((await editor.post(`/admin/articles/${a.id}/title`, { title })).status).toBe(303);
    const { document } = await fetchPage(site, `/a/${a.id}`);
    expect(textOf(document.querySelector('h1'))).toBe(title);
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.title', before: { title: a.title }, after: { title } });
    const empty = await editor.post(`/admin/articles/${a.id}/title`, { title: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('标题不能为空');
  });

  it('changes the category (or none), audited; refuses an unknown one', async () => {
    const a = await publishedArticle();
    const categories = await site.services.admin.categories.list();
    const other = categories.find((c) => c.id !== a.category_id)!;
    await editor.post(`/admin/articles/${a.id}/category`, { category: String(other.id) });
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.category', before: { category_id: a.category_id }, after: { category_id: other.id } });
    await editor.post(`/admin/articles/${a.id}/category`, { category: '0' });
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ after: { category_id: null } });
    expect((await editor.post(`/admin/articles/${a.id}/category`, { category: '99999' })).status).toBe(400);
  });

  it('deletes only when confirmed; the URL is blocked from re-ingestion; audited', async () => {
    const a = await publishedArticle();
    expect((await editor.post(`/admin/articles/${a.id}/delete`, {})).status).toBe(400);
    expect((await editor.post(`/admin/articles/${a.id}/delete`, { confirm: 'yes' })).status).toBe(303);
    expect((await site.app.request(`/a/${a.id}`)).status).toBe(404);
    expect(await site.store.db.selectFrom('blocked_urls').select('reason').where('url', '=', a.url).executeTakeFirst()).toEqual({ reason: 'deleted by ed' });
    expect(await lastAudit(`article:${a.id}`)).toMatchObject({ action: 'article.delete', before: { title: a.title, url: a.url }, after: null });
  });

  it('searches by title and filters by status, source and category', async () => {
    const a = await publishedArticle();
    const word = a.title.slice(0, 4);
    const { document } = await editor.page(`/admin/articles?q=${encodeURIComponent(word)}`);
    const titles = [...document.querySelectorAll('.admin-table tbody td[data-label="标题"] a')].map((x) => textOf(x));
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t).toContain(word);
    await editor.post(`/admin/articles/${a.id}/hide`);
    const hidden = await editor.page('/admin/articles?status=hidden');
    expect([...hidden.document.querySelectorAll('.admin-table tbody tr')].map((r) => r.querySelector('a')?.getAttribute('href'))).toEqual([`/admin/articles/${a.id}`]);
    // LIKE wildcards are literal.
    const none = await editor.page('/admin/articles?q=%25%25%25');
    expect(none.document.querySelectorAll('.admin-table tbody tr')).toHaveLength(0);
    const src = await site.store.db.selectFrom('articles').select('source_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    const bySource = await editor.page(`/admin/articles?source=${src.source_id}`);
    const count = await site.store.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('source_id', '=', src.source_id).executeTakeFirstOrThrow();
    expect(textOf(bySource.document.querySelector('.panel .muted:last-of-type'))).toContain(`共 ${count.n} 篇`);
  });
});

describe('sources', () => {
  it('adds a source found from a site page, fetches it now, edits and disables it; all audited', async () => {
    const res = await editor.post('/admin/sources', { url: `${feeds.url}/`, name: '', category: '', policy: 'full' });
    expect(res.status).toBe(303);
    const id = Number(/\/admin\/sources\/(\d+)\?done=added/.exec(res.headers.get('Location')!)![1]);
    const source = await site.services.sources.byId(id);
    expect(source.feed_url).toBe(`${feeds.url}/feed.xml`);
    expect(await lastAudit(`source:${id}`)).toMatchObject({ action: 'source.create', after: { feed_url: `${feeds.url}/feed.xml` } });

    expect((await editor.post(`/admin/sources/${id}/fetch`)).status).toBe(303);
    const page = await editor.page(`/admin/sources/${id}`);
    expect(textOf(page.document.querySelector('[data-testid="last-error"]'))).toBe('无');
    const articles = await site.store.db.selectFrom('articles').select('id').where('source_id', '=', id).execute();
    expect(articles.length).toBeGreaterThan(0);
    expect(await lastAudit(`source:${id}`)).toMatchObject({ action: 'source.fetch', after: { added: articles.length, error: null } });

    const category = (await site.services.admin.categories.list())[0]!;
    const edit = { name: '改名后的来源', category: String(category.id), policy: 'excerpt', interval: '60', selector: 'article .body', robots: '1' };
    expect((await editor.post(`/admin/sources/${id}`, edit)).status).toBe(303);
    expect(await lastAudit(`source:${id}`)).toMatchObject({
      action: 'source.update',
      before: { policy: 'full', fetch_interval_minutes: 30, content_selector: null },
      after: { name: '改名后的来源', category_id: category.id, policy: 'excerpt', fetch_interval_minutes: 60, content_selector: 'article .body', respect_robots: true },
    });
    const bad = await editor.post(`/admin/sources/${id}`, { ...edit, interval: '1' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('抓取间隔至少 5 分钟');

    await editor.post(`/admin/sources/${id}/disable`);
    expect((await site.services.sources.byId(id)).enabled).toBe(0);
    expect(await lastAudit(`source:${id}`)).toMatchObject({ action: 'source.disable', before: { enabled: true }, after: { enabled: false } });
    await editor.post(`/admin/sources/${id}/enable`);
    expect((await site.services.sources.byId(id)).enabled).toBe(1);
  });

  it('shows a failing source and its last error', async () => {
    const res = await editor.post('/admin/sources', { url: `${feeds.url}/feed.xml`, name: '会坏的源' });
    const id = Number(/\/admin\/sources\/(\d+)/.exec(res.headers.get('Location')!)![1]);
    await site.store.db.updateTable('sources').set({ feed_url: `${feeds.url}/broken.xml` }).where('id', '=', id).execute();
    await editor.post(`/admin/sources/${id}/fetch`);
    const page = await editor.page(`/admin/sources/${id}`);
    expect(textOf(page.document.querySelector('[data-testid="last-error"]'))).toMatch(/^E_FETCH_HTTP_STATUS/);
    const list = await editor.page('/admin/sources');
    expect(list.html).toContain('失败 ×1');
    const dash = await editor.page('/admin');
    expect(textOf(dash.document.querySelector(`a[href="/admin/sources/${id}"]`))).toBe('会坏的源');
  });

  it('says why a URL has no feed, keeping what was typed', async () => {
    const res = await editor.post('/admin/sources', { url: `${feeds.url}/plain.html`, name: '无订阅源' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('flash-error');
    expect(html).toContain(`value="${feeds.url}/plain.html"`);
  });
});

describe('categories', () => {
  it('adds, renames, reorders, and deletes only when empty; all audited', async () => {
    expect((await editor.post('/admin/categories', { slug: 'science', name: '科学' })).status).toBe(303);
    const list = async () => site.services.admin.categories.list();
    const science = (await list()).find((c) => c.slug === 'science')!;
    expect((await list()).at(-1)!.slug).toBe('science');
    expect(await lastAudit('category:science')).toMatchObject({ action: 'category.create', after: { slug: 'science', name: '科学' } });

    expect(await (await site.app.request('/')).text()).toContain('>科学</a>');
    await editor.post(`/admin/categories/${science.id}/rename`, { name: '科学探索' });
    expect(await lastAudit('category:science')).toMatchObject({ action: 'category.rename', before: { name: '科学' }, after: { name: '科学探索' } });
    // The tabs of the next page carry the new name: no cache holds the old one.
    expect(await (await site.app.request('/')).text()).toContain('>科学探索</a>');

    const before = (await list()).map((c) => c.slug);
    await editor.post(`/admin/categories/${science.id}/up`);
    const after = (await list()).map((c) => c.slug);
    expect(after).toEqual([...before.slice(0, -2), 'science', before.at(-2)]);
    expect(await lastAudit('category:science')).toMatchObject({ action: 'category.move', before: { order: before }, after: { order: after } });

    const busy = (await list()).find((c) => c.article_count > 0)!;
    const refused = await editor.post(`/admin/categories/${busy.id}/delete`);
    expect(refused.status).toBe(409);
    expect((await list()).some((c) => c.id === busy.id)).toBe(true);

    expect((await editor.post(`/admin/categories/${science.id}/delete`)).status).toBe(303);
    expect((await list()).some((c) => c.slug === 'science')).toBe(false);
    expect(await lastAudit('category:science')).toMatchObject({ action: 'category.delete', before: { slug: 'science', name: '科学探索' } });
  });

  it('refuses a bad or taken slug', async () => {
    expect((await editor.post('/admin/categories', { slug: 'Bad Slug!', name: 'x' })).status).toBe(400);
    const taken = (await site.services.admin.categories.list())[0]!;
    expect((await editor.post('/admin/categories', { slug: taken.slug, name: 'x' })).status).toBe(400);
  });
});

describe('settings', () => {
  const form = async () => site.services.settings.current();

  it('saves every setting, shows it on the next page at once (no cache delay), and audits before/after', async () => {
    await site.app.request('/'); // warm the caches
    const a = await publishedArticle();
    await site.app.request(`/a/${a.id}`);
    const values = { ...(await form()), site_name: '新热点', icp_number: '沪ICP备12345678号', psb_number: '沪公网安备31010402000001号', site_logo: '/assets/logo.svg', copyright_start_year: '2020' };
    expect((await admin.post('/admin/settings', values)).status).toBe(303);
    for (const path of ['/', `/a/${a.id}`]) {
      const { document } = await fetchPage(site, path);
      expect(document.querySelector('.logo img')?.getAttribute('alt'), path).toBe('新热点');
      const footer = textOf(document.querySelector('.site-footer'));
      expect(footer, path).toContain('沪ICP备12345678号');
      expect(footer, path).toContain('沪公网安备31010402000001号');
      expect(document.querySelector('.site-footer a[href*="beian.mps.gov.cn"]')?.getAttribute('href')).toBe('https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001');
    }
    expect(await lastAudit('setting:site_name')).toMatchObject({ actor: 'alice', action: 'setting.set', before: '热点', after: '新热点' });
    // Unchanged settings leave no entry.
    expect((await site.services.audit.list({ target: 'setting:site_description' })).total).toBe(0);
  });

  it('refuses a bad value with its rule, keeps what was typed, and saves nothing', async () => {
    const values = { ...(await form()), site_name: '不会保存', copyright_start_year: '1800', site_logo: 'javascript:alert(1)' };
    const res = await admin.post('/admin/settings', values);
    expect(res.status).toBe(400);
    const page = parseHTML(await res.text()).document;
    expect(textOf(page.querySelector('#setting-copyright_start_year-error'))).toMatch(/must be between 1990 and \d{4}/);
    expect(textOf(page.querySelector('#setting-site_logo-error'))).toBe('must be an https:// URL or a path starting with /');
    expect(page.querySelector('#setting-site_name')?.getAttribute('value')).toBe('不会保存');
    expect((await form()).site_name).toBe('热点');
  });
});

describe('accounts', () => {
  it('creates an account, resets its password, disables it (not one\'s own); all audited', async () => {
    expect((await admin.post('/admin/accounts', { username: 'Newbie', role: 'editor', password: 'first password' })).status).toBe(303);
    expect(await lastAudit('account:newbie')).toMatchObject({ actor: 'alice', action: 'account.create', after: { username: 'newbie', role: 'editor' } });
    const weak = await admin.post('/admin/accounts', { username: 'weak', role: 'editor', password: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('at least 10 characters');

    await admin.post('/admin/accounts/newbie/password', { password: 'second password' });
    expect(await lastAudit('account:newbie')).toMatchObject({ action: 'account.password' });
    expect((await site.services.admin.accounts.login('newbie', 'second password', '192.0.2.1')).ok).toBe(true);

    await admin.post('/admin/accounts/newbie/disable');
    expect((await site.services.admin.accounts.login('newbie', 'second password', '192.0.2.1')).ok).toBe(false);
    expect(await lastAudit('account:newbie')).toMatchObject({ action: 'account.disable', before: { disabled: false }, after: { disabled: true } });

    expect((await admin.post('/admin/accounts/alice/disable')).status).toBe(400);
    expect((await admin.get('/admin')).status).toBe(200);
  });
});

describe('audit log viewer', () => {
  it('filters by actor, action, target and date, pages, and shows before/after', async () => {
    const a = await publishedArticle();
    await editor.post(`/admin/articles/${a.id}/feature`);
    await admin.post(`/admin/articles/${a.id}/unfeature`);
    const byActor = await admin.page('/admin/audit?actor=ed&action=article.feature');
    const rows = [...byActor.document.querySelectorAll('.audit-table tbody tr')];
    expect(rows).toHaveLength(1);
    expect(textOf(rows[0]!.querySelector('td[data-label="对象"]'))).toBe(`article:${a.id}`);
    expect(textOf(rows[0]!.querySelector('td[data-label="之前"]'))).toContain('"featured": false');
    expect(textOf(rows[0]!.querySelector('td[data-label="之后"]'))).toContain('"featured": true');

    const byTarget = await admin.page(`/admin/audit?target=article:${a.id}`);
    expect(byTarget.document.querySelectorAll('.audit-table tbody tr')).toHaveLength(2);
    const future = await admin.page('/admin/audit?from=2999-01-01');
    expect(future.document.querySelectorAll('.audit-table tbody tr')).toHaveLength(0);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const todays = await admin.page(`/admin/audit?from=${today}&to=${today}&target=article:${a.id}`);
    expect(todays.document.querySelectorAll('.audit-table tbody tr')).toHaveLength(2);

    for (let i = 0; i < 60; i++) await site.services.audit.record({ actor: 'bulk', action: 'test.bulk', target: `t:${i}` });
    const p1 = await admin.page('/admin/audit?actor=bulk');
    expect(p1.document.querySelectorAll('.audit-table tbody tr')).toHaveLength(50);
    expect(textOf(p1.document.querySelector('.pager'))).toContain('第 1 / 2 页');
    const p2 = await admin.page('/admin/audit?actor=bulk&page=2');
    expect(p2.document.querySelectorAll('.audit-table tbody tr')).toHaveLength(10);
  });
});

describe('dashboard', () => {
  it('charts reads and new articles per day over 30 days, lists today\'s top articles and pending takedowns', async () => {
    const a = await publishedArticle();
    const hour = Math.floor(Date.now() / 3600_000);
    await site.store.db.insertInto('article_view_hours').values([
      { article_id: a.id, hour, views: 7 },
      { article_id: a.id, hour: hour - 24 * 3, views: 5 },
      { article_id: a.id, hour: hour - 24 * 40, views: 1000 },
    ]).execute();
    const { document } = await editor.page('/admin');
    const charts = [...document.querySelectorAll('figure.chart')];
    expect(charts).toHaveLength(2);
    const [views, articles] = charts;
    expect(views!.querySelector('svg title')).not.toBeNull();
    expect(views!.querySelector('svg desc')).not.toBeNull();
    expect(views!.querySelectorAll('rect.chart-bar')).toHaveLength(30);
    const viewRows = [...views!.querySelectorAll('tbody tr')].map((r) => Number(textOf(r.querySelector('td.num'))));
    expect(viewRows).toHaveLength(30);
    expect(viewRows.reduce((x, y) => x + y, 0)).toBe(12);
    expect(viewRows.at(-1)).toBe(7);
    const total = await site.store.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const articleRows = [...articles!.querySelectorAll('tbody tr')].map((r) => Number(textOf(r.querySelector('td.num'))));
    expect(articleRows.at(-1)).toBe(Number(total.n)); // the demo was loaded just now
    const top = document.querySelector('td[data-label="标题"] a');
    expect(top?.getAttribute('href')).toBe(`/a/${a.id}`);
    expect(textOf(document.querySelector('[data-testid="pending-takedowns"]'))).toBe('0');
  });
});
