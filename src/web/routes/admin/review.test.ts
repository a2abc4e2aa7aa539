import { parseHTML } from 'linkedom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../../../ingest/testing.js';
import { createTestSite, fetchPage, textOf, type TestSite } from '../../testing.js';
import { type AdminClient, signIn } from './testing.js';

const GREENWAY = '全文条目：城市绿道全线贯通';

let site: TestSite;
let editor: AdminClient;
let feeds: { url: string; close(): Promise<void> };

beforeAll(async () => {
  feeds = await startFixtureSite();
});
afterAll(() => feeds.close());
beforeEach(async () => {
  site = await createTestSite({ services: { fetchAllowLoopback: true } });
  editor = await signIn(site, 'editor', 'ed');
});
afterEach(() => site.close());

const domOf = async (res: Response) => parseHTML(await res.text()).document;

/**
 * The fixture site's feed through the real pipeline, the source requiring review and a
 * hold rule on 绿道: its three items wait in the queue. Returns their ids by title.
 */
async function heldFixtureItems(): Promise<{ sourceId: number; ids: Map<string, number> }> {
  await site.services.filters.saveRule({ sourceId: null, action: 'hold', field: 'any', match: 'keywords', pattern: '绿道', note: '绿道专题', ignoreCase: true, enabled: true }, 'test');
  const source = await site.services.admin.sources.add({ url: `${feeds.url}/feed.xml`, requiresReview: true }, 'test');
  await site.services.admin.sources.fetchNow(source.id, 'test');
  const rows = await site.store.db.selectFrom('articles').select(['id', 'title', 'status']).where('source_id', '=', source.id).execute();
  expect(rows.map((r) => r.status)).toEqual(['held', 'held', 'held']);
  return { sourceId: source.id, ids: new Map(rows.map((r) => [r.title, r.id])) };
}

/** Demo articles put in the queue directly (held as the pipeline would hold them), oldest first. */
async function holdDemoArticles(n: number): Promise<number[]> {
  const rows = await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(n).execute();
  const ids = rows.map((r) => r.id);
  await site.store.db.updateTable('articles').set({ status: 'held' }).where('id', 'in', ids).execute();
  const reasons = JSON.stringify([{ kind: 'source', id: null, label: '来源需要审核', terms: [] }]);
  await site.store.db.insertInto('article_holds').values(ids.map((id, i) => ({ article_id: id, reasons_json: reasons, held_at: 1_700_000_000_000 + i }))).execute();
  return ids;
}

const statusOf = async (id: number) => (await site.store.db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

const audit = async (action: string) =>
  (await site.store.db.selectFrom('audit_log').select(['actor', 'target', 'after_json']).where('action', '=', action).orderBy('id').execute()).map((e) => ({
    actor: e.actor,
    target: e.target,
    after: e.after_json === null ? null : JSON.parse(e.after_json),
  }));

describe('/admin/review', () => {
  it('lists held items with source, time, reasons as chips and the matched word marked; hostile titles stay text; the menu counts them', async () => {
    const { ids } = await heldFixtureItems();
    const { res, html, document } = await editor.page('/admin/review');
    expect(res.status).toBe(200);
    expect(textOf(document.querySelector('[data-testid="queue-total"]'))).toBe('3');
    expect(textOf(document.querySelector('[data-testid="review-waiting"]'))).toBe('3');
    const row = document.querySelector(`tr[data-article-id="${ids.get(GREENWAY)}"]`)!;
    expect(row.querySelector('a.review-title')?.getAttribute('href')).toBe(`/admin/review/${ids.get(GREENWAY)}`);
    expect([...row.querySelectorAll('a.review-title mark')].map((m) => m.textContent)).toEqual(['绿道']);
    expect(textOf(row.querySelector('td[data-label="来源"]'))).toBe('本地测试站');
    expect(textOf(row.querySelector('td[data-label="待审时间"]'))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const chips = [...row.querySelectorAll('.chip')].map((c) => textOf(c));
    expect(chips.some((c) => c.includes('绿道专题') && c.includes('绿道'))).toBe(true);
    expect(row.querySelectorAll('.chip').length).toBe(2);
    expect(row.querySelector('input[type="checkbox"][name="ids"]')?.getAttribute('value')).toBe(String(ids.get(GREENWAY)));
    // The hostile item's title is shown as text: no element of it reaches the page.
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(document.querySelectorAll('main img, main script').length).toBe(0);
    // The whole console shows the count, on any screen.
    expect(textOf((await editor.page('/admin/articles')).document.querySelector('[data-testid="review-waiting"]'))).toBe('3');
  });

  it('shows one held item with its content marked inside text only, and saves an edit (audited; still held)', async () => {
    const { ids } = await heldFixtureItems();
    const id = ids.get(GREENWAY)!;
    const { document } = await editor.page(`/admin/review/${id}`);
    const body = document.querySelector('.review-body')!;
    expect(body.querySelectorAll('p mark').length).toBeGreaterThanOrEqual(2);
    for (const m of body.querySelectorAll('mark')) expect(m.textContent).toBe('绿道');
    expect(document.querySelector('[data-testid="review-edit"] input[name="title"]')?.getAttribute('value')).toBe(GREENWAY);

    const empty = await editor.post(`/admin/review/${id}/edit`, { title: '  ', content: '<p>改过的正文</p>' });
    expect(empty.status).toBe(400);
    const refused = await domOf(empty);
    expect(textOf(refused.querySelector('.flash-error'))).toBe('标题不能为空');
    // As typed, escaped in the page (linkedom leaves a textarea's entities as they are sent).
    expect(refused.querySelector('textarea[name="content"]')?.textContent).toBe('&lt;p&gt;改过的正文&lt;/p&gt;');

    const saved = await editor.post(`/admin/review/${id}/edit`, { title: '城市绿道贯通（已核实）', content: '<p>改过的正文<script>alert(1)</script></p>' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(`/admin/review/${id}?done=edited`);
    const after = await editor.page(`/admin/review/${id}?done=edited`);
    expect(textOf(after.document.querySelector('.flash-ok'))).toBe('修改已保存，文章仍在待审。');
    expect(textOf(after.document.querySelector('h1'))).toBe('城市绿道贯通（已核实）');
    expect(after.document.querySelector('.review-body')?.innerHTML).toBe('<p>改过的正文</p>');
    expect(await statusOf(id)).toBe('held');
    expect(await audit('review.edit')).toMatchObject([{ actor: 'ed', target: `article:${id}`, after: { title: '城市绿道贯通（已核实）' } }]);

    // The hostile item: its body's image goes through the image proxy, as on the article page; no script survives.
    const hostile = [...ids.entries()].find(([title]) => title.includes('恶意标题'))![1];
    const page = await editor.page(`/admin/review/${hostile}`);
    const img = page.document.querySelector('.review-body img');
    expect(img?.getAttribute('src')).toMatch(/^\/img\//);
    expect(page.document.querySelectorAll('.review-body script, .review-body iframe, [onclick], [onerror]').length).toBe(0);
  });

  it('approves ticked items in bulk: published, on the home page, audited; the same ids again change nothing (409)', async () => {
    const { ids } = await heldFixtureItems();
    const id = ids.get(GREENWAY)!;
    const other = [...ids.values()].find((x) => x !== id)!;
    expect((await fetchPage(site, '/')).html).not.toContain(`href="/a/${id}"`);
    const res = await editor.post('/admin/review/approve', { ids: String(id), back: '/admin/review' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/review?done=approved&n=1');
    expect(await statusOf(id)).toBe('published');
    expect((await fetchPage(site, '/')).html).toContain(`href="/a/${id}"`);
    expect(await audit('review.approve')).toMatchObject([{ actor: 'ed', target: `article:${id}` }]);

    // Two ticked at once (the form sends one `ids` field per tick): all or nothing.
    const body = new URLSearchParams([['_csrf', editor.csrf], ['ids', String(other)], ['ids', String(id)], ['back', '/admin/review']]);
    const again = await site.app.request('/admin/review/approve', {
      method: 'POST',
      headers: { Cookie: editor.cookie, Origin: 'https://news.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(again.status).toBe(409);
    const page = await domOf(again);
    expect(textOf(page.querySelector('.flash-error'))).toContain('不在审核队列中');
    expect(page.querySelector('[data-testid="review-queue"]')).not.toBeNull();
    expect(await statusOf(other)).toBe('held');
    expect((await audit('review.approve')).length).toBe(1);
  });

  it('rejects with a note (audited, never published), refuses an empty selection (400) and a POST without the token (403)', async () => {
    const { ids } = await heldFixtureItems();
    const [a, b] = [...ids.values()];
    expect((await editor.post('/admin/review/reject', { ids: String(a) }, { csrf: null })).status).toBe(403);
    expect(await statusOf(a!)).toBe('held');

    const none = await editor.post('/admin/review/approve', { back: '/admin/review' });
    expect(none.status).toBe(400);
    expect(textOf((await domOf(none)).querySelector('.flash-error'))).toBe('请至少选择一篇文章');

    const res = await editor.post('/admin/review/reject', { ids: String(a), note: '广告软文', back: '/admin/review' });
    expect(res.headers.get('Location')).toBe('/admin/review?done=rejected&n=1');
    expect(await statusOf(a!)).toBe('rejected');
    expect((await site.app.request(`/a/${a}`)).status).toBe(404);
    expect(await audit('review.reject')).toMatchObject([{ actor: 'ed', target: `article:${a}`, after: { status: 'rejected', note: '广告软文' } }]);

    // From the item's own page.
    expect((await editor.post(`/admin/review/${b}/approve`)).headers.get('Location')).toBe('/admin/review?done=approved');
    expect(await statusOf(b!)).toBe('published');
  });

  it('shows, in the queue, the text around a word matched deep in the body, marked', async () => {
    const [id] = await holdDemoArticles(1);
    const { content_text: text, summary } = await site.store.db.selectFrom('articles').select(['content_text', 'summary']).where('id', '=', id!).executeTakeFirstOrThrow();
    // Four characters from the end of the body, far past what the summary shows.
    const term = text.trim().slice(-6, -2);
    expect(summary).not.toContain(term);
    const reasons = JSON.stringify([{ kind: 'list', id: 1, label: '敏感词表「测试」', terms: [term] }]);
    await site.store.db.updateTable('article_holds').set({ reasons_json: reasons }).where('article_id', '=', id!).execute();
    const { document } = await editor.page('/admin/review');
    const excerpt = document.querySelector(`tr[data-article-id="${id}"] .excerpt`)!;
    expect([...excerpt.querySelectorAll('mark')].map((m) => m.textContent)).toContain(term);
  });

  it('answers 404 for unknown ids and 409 with a message for an article that does not wait', async () => {
    for (const path of ['/admin/review/999999', '/admin/review/abc']) expect((await editor.get(path)).status, path).toBe(404);
    for (const path of ['/admin/review/999999/approve', '/admin/review/999999/reject', '/admin/review/999999/edit']) {
      expect((await editor.post(path, { title: 'x', content: '' })).status, path).toBe(404);
    }
    expect((await editor.post('/admin/review/approve', { ids: '999999' })).status).toBe(404);
    expect((await editor.post('/admin/review/approve', { ids: 'x' })).status).toBe(404);
    const published = await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    const res = await editor.get(`/admin/review/${published.id}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('不在审核队列中');
    expect((await editor.post(`/admin/review/${published.id}/approve`)).status).toBe(409);
  });

  it('pages the queue 30 at a time, oldest first, keeping the source filter; a bulk action returns to the page it came from', async () => {
    const ids = await holdDemoArticles(35);
    const first = await editor.page('/admin/review');
    const onFirst = [...first.document.querySelectorAll('tr[data-article-id]')].map((r) => Number(r.getAttribute('data-article-id')));
    expect(onFirst).toEqual(ids.slice(0, 30));
    expect(first.document.querySelector('.pager a')?.getAttribute('href')).toBe('/admin/review?page=2');
    expect(textOf(first.document.querySelector('.pager span'))).toBe('第 1 / 2 页');
    const second = await editor.page('/admin/review?page=2');
    expect([...second.document.querySelectorAll('tr[data-article-id]')].map((r) => Number(r.getAttribute('data-article-id')))).toEqual(ids.slice(30));
    expect(second.document.querySelector('input[name="back"]')?.getAttribute('value')).toBe('/admin/review?page=2');

    const res = await editor.post('/admin/review/approve', { ids: String(ids[30]), back: '/admin/review?page=2' });
    expect(res.headers.get('Location')).toBe('/admin/review?page=2&done=approved&n=1');
    // A `back` that is not the queue is not followed.
    const elsewhere = await editor.post('/admin/review/reject', { ids: String(ids[31]), back: 'https://evil.example/' });
    expect(elsewhere.headers.get('Location')).toBe('/admin/review?done=rejected&n=1');

    const source = await site.store.db.selectFrom('articles').select('source_id').where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    const filtered = await editor.page(`/admin/review?source=${source.source_id}`);
    const rows = [...filtered.document.querySelectorAll('tr[data-article-id]')];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(textOf(r.querySelector('td[data-label="来源"]'))).toBe(textOf(rows[0]!.querySelector('td[data-label="来源"]')));
    expect(filtered.document.querySelector(`select[name="source"] option[value="${source.source_id}"]`)?.hasAttribute('selected')).toBe(true);
  });

  it('is open to editors and admins, not to visitors without a session', async () => {
    const admin = await signIn(site, 'admin', 'alice');
    expect((await admin.get('/admin/review')).status).toBe(200);
    expect((await editor.get('/admin/review')).status).toBe(200);
    const anonymous = await site.app.request('/admin/review');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toBe('/admin/login?next=%2Fadmin%2Freview');
    expect((await site.app.request('/admin/review/approve', { method: 'POST', body: new URLSearchParams({ ids: '1' }) })).status).toBe(403);
  });
});
