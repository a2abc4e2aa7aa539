import iconv from 'iconv-lite';
import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../../../ingest/testing.js';
import { createTestSite, textOf, type TestSite } from '../../testing.js';
import { type AdminClient, signIn } from './testing.js';

let site: TestSite;
let editor: AdminClient;

beforeEach(async () => {
  site = await createTestSite({ services: { fetchAllowLoopback: true } });
  editor = await signIn(site, 'editor', 'ed');
});
afterEach(() => site.close());

/** A demo article and a word of its title that no other demo title carries. */
async function uniqueTitleWord(): Promise<{ id: number; title: string; word: string }> {
  const rows = await site.store.db.selectFrom('articles').select(['id', 'title']).where('status', '=', 'published').orderBy('id').execute();
  for (const a of rows) {
    for (let i = 0; i + 4 <= a.title.length; i++) {
      const word = a.title.slice(i, i + 4);
      if (!/[\s，。：、“”]/.test(word) && rows.filter((r) => r.title.includes(word)).length === 1) return { ...a, word };
    }
  }
  throw new Error('no demo title with a word of its own');
}

/** A multipart form as a browser sends one with a file input, with the session's cookie and token. */
async function postMultipart(client: AdminClient, path: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const body = new FormData();
  body.set('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set('file', file ? new File([new Uint8Array(file.bytes)], file.name, { type: 'text/plain' }) : new File([], '', { type: 'application/octet-stream' }));
  return site.app.request(path, { method: 'POST', headers: { Cookie: client.cookie, Origin: 'https://news.test' }, body });
}

/** A response's page as a DOM. */
const domOf = async (res: Response) => parseHTML(await res.text()).document;

const auditActions = async (prefix: string) =>
  (await site.store.db.selectFrom('audit_log').select('action').where('action', 'like', `${prefix}%`).orderBy('id').execute()).map((r) => r.action);

const ruleFields = (over: Record<string, string> = {}) => ({ source: '', action: 'hold', field: 'title', match: 'keywords', pattern: '', note: '', enabled: '1', ...over });

describe('/admin/rules', () => {
  it('shows rules, replacements, lists and recent blocked items to an editor; 过滤规则 and 审核 are in the menu', async () => {
    const { res, document } = await editor.page('/admin/rules');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(textOf(document.querySelector('h1'))).toBe('过滤规则');
    for (const id of ['rules', 'replacements', 'lists', 'filtered']) expect(document.querySelector(`#${id}`), id).not.toBeNull();
    const menu = [...document.querySelectorAll('.admin-nav a')].map((a) => a.getAttribute('href'));
    expect(menu).toContain('/admin/rules');
    expect(menu).toContain('/admin/review');
    expect(document.querySelector('.admin-nav a[aria-current="page"]')?.getAttribute('href')).toBe('/admin/rules');
    for (const path of ['/admin/rules/rules/new', '/admin/rules/replacements/new', '/admin/rules/lists/new']) {
      expect((await editor.get(path)).status, path).toBe(200);
    }
  });

  it('sends a visitor without a session to the login page, and refuses their POST', async () => {
    const res = await site.app.request('/admin/rules');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/login?next=%2Fadmin%2Frules');
    const post = await site.app.request('/admin/rules/rules', { method: 'POST', body: new URLSearchParams(ruleFields({ pattern: '广告' })) });
    expect(post.status).toBe(403);
    expect((await site.services.filters.overview()).rules).toEqual([]);
  });

  it('refuses a POST without the CSRF token or from another site, saving nothing', async () => {
    expect((await editor.post('/admin/rules/rules', ruleFields({ pattern: '广告' }), { csrf: null })).status).toBe(403);
    expect((await editor.post('/admin/rules/rules', ruleFields({ pattern: '广告' }), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await editor.post('/admin/rules/lists', { name: 'x', action: 'hold', words: 'a' }, { csrf: 'forged' })).status).toBe(403);
    expect((await site.services.filters.overview()).rules).toEqual([]);
    expect((await site.services.filters.overview()).lists).toEqual([]);
  });

  it('dry-runs a rule on the same page, saving nothing: the article it would hold is listed with the matched word', async () => {
    const a = await uniqueTitleWord();
    const res = await editor.post('/admin/rules/rules/dry-run', ruleFields({ pattern: a.word, note: '试运行测试' }));
    expect(res.status).toBe(200);
    const document = await domOf(res);
    // The form comes back as typed…
    const form = document.querySelector('[data-testid="rule-form"]')!;
    expect(form.querySelector('textarea[name="pattern"]')?.textContent).toBe(a.word);
    expect(form.querySelector('input[name="note"]')?.getAttribute('value')).toBe('试运行测试');
    expect(form.querySelector('select[name="action"] option[selected]')?.getAttribute('value')).toBe('hold');
    // …with the results under it.
    const summary = textOf(document.querySelector('[data-testid="dry-run-summary"]'));
    expect(summary).toMatch(/检查了最近 \d+ 篇文章：会拦截 0 篇，会转入待审 1 篇，会改动 0 篇/);
    const row = document.querySelector('[data-testid="dry-run-held"] tbody tr')!;
    expect(row.querySelector('a')?.getAttribute('href')).toBe(`/admin/articles/${a.id}`);
    expect(textOf(row.querySelector('mark'))).toBe(a.word);
    expect(textOf(row.querySelector('.chip'))).toContain(a.word);
    expect((await site.services.filters.overview()).rules).toEqual([]);
    expect(await auditActions('filter.')).toEqual([]);
  });

  it('refuses an invalid regular expression or an empty rule with a Chinese reason, keeping what was typed (400)', async () => {
    for (const [fields, typed] of [
      [ruleFields({ match: 'regex', pattern: '(未闭合', note: '坏正则' }), '(未闭合'],
      [ruleFields({ match: 'regex', pattern: '广告(?!法)', note: '需回溯的写法' }), '广告(?!法)'],
      [ruleFields({ pattern: '  \n ', note: '空规则' }), '  \n '],
    ] as const) {
      for (const path of ['/admin/rules/rules', '/admin/rules/rules/dry-run']) {
        const res = await editor.post(path, fields);
        expect(res.status, `${path} ${typed}`).toBe(400);
        const document = await domOf(res);
        const error = textOf(document.querySelector('.flash-error'));
        expect(error).toMatch(/[\u4e00-\u9fff]/);
        expect(error).not.toContain('invalid filter rule');
        expect(document.querySelector('textarea[name="pattern"]')?.textContent).toBe(typed);
        expect(document.querySelector('input[name="note"]')?.getAttribute('value')).toBe(fields.note);
        expect(document.querySelector('[data-testid="dry-run"]')).toBeNull();
      }
    }
    expect((await site.services.filters.overview()).rules).toEqual([]);
    expect(await auditActions('filter.')).toEqual([]);
  });

  it('saves, edits and deletes a rule, each audited; the table lists it with its source', async () => {
    const source = (await site.services.admin.sources.list())[0]!;
    const saved = await editor.post('/admin/rules/rules', ruleFields({ source: String(source.id), action: 'block', field: 'any', pattern: '广告\n推广', note: '广告' }));
    expect(saved.status).toBe(303);
    const id = Number(/^\/admin\/rules\/rules\/(\d+)\?done=saved$/.exec(saved.headers.get('Location') ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    const edit = await editor.page(`/admin/rules/rules/${id}?done=saved`);
    expect(textOf(edit.document.querySelector('.flash-ok'))).toBe('已保存。');
    expect(edit.document.querySelector(`select[name="source"] option[value="${source.id}"]`)?.hasAttribute('selected')).toBe(true);
    const row = (await editor.page('/admin/rules')).document.querySelector(`tr[data-rule-id="${id}"]`)!;
    expect(textOf(row.querySelector('td[data-label="适用来源"]'))).toBe(source.name);
    expect(textOf(row.querySelector('td[data-label="动作"]'))).toBe('拦截');
    expect(textOf(row.querySelector('td[data-label="内容"]'))).toBe('广告、推广');

    expect((await editor.post(`/admin/rules/rules/${id}`, ruleFields({ action: 'hold', pattern: '广告', note: '广告（待审）' }))).status).toBe(303);
    expect((await site.services.filters.overview()).rules).toMatchObject([{ id, sourceId: null, action: 'hold', pattern: '广告', note: '广告（待审）' }]);
    // A refused edit changes nothing.
    expect((await editor.post(`/admin/rules/rules/${id}`, ruleFields({ match: 'regex', pattern: '[' }))).status).toBe(400);
    expect((await site.services.filters.overview()).rules).toMatchObject([{ id, pattern: '广告' }]);

    const deleted = await editor.post(`/admin/rules/rules/${id}/delete`);
    expect(deleted.headers.get('Location')).toBe('/admin/rules?done=deleted');
    expect((await site.services.filters.overview()).rules).toEqual([]);
    expect(await auditActions('filter.rule.')).toEqual(['filter.rule.create', 'filter.rule.update', 'filter.rule.delete']);
  });

  it('answers 404 for unknown rules, replacements and lists, and an unknown source is refused', async () => {
    for (const path of ['/admin/rules/rules/99999', '/admin/rules/replacements/99999', '/admin/rules/lists/99999', '/admin/rules/rules/abc']) {
      expect((await editor.get(path)).status, path).toBe(404);
    }
    for (const path of ['/admin/rules/rules/99999/delete', '/admin/rules/replacements/99999/delete', '/admin/rules/lists/99999/delete']) {
      expect((await editor.post(path)).status, path).toBe(404);
    }
    expect((await editor.post('/admin/rules/rules/99999', ruleFields({ pattern: '广告' }))).status).toBe(404);
    const unknownSource = await editor.post('/admin/rules/rules', ruleFields({ source: '99999', pattern: '广告' }));
    expect(unknownSource.status).toBe(400);
    expect(await unknownSource.text()).toContain('来源不存在');
  });

  it('dry-runs a word replacement with before and after excerpts, then saves it', async () => {
    const a = await uniqueTitleWord();
    const res = await editor.post('/admin/rules/replacements/dry-run', { source: '', find: a.word, replace: '【替换】', enabled: '1' });
    expect(res.status).toBe(200);
    const document = await domOf(res);
    const row = document.querySelector('[data-testid="dry-run-changed"] tbody tr')!;
    expect(textOf(row.querySelector('td[data-label="改动前"]'))).toContain(a.word);
    expect(textOf(row.querySelector('td[data-label="改动后"]'))).toContain('【替换】');
    expect(document.querySelector('input[name="find"]')?.getAttribute('value')).toBe(a.word);
    expect((await site.services.filters.overview()).replacements).toEqual([]);

    const saved = await editor.post('/admin/rules/replacements', { source: '', find: a.word, replace: '【替换】', enabled: '1' });
    expect(saved.status).toBe(303);
    expect((await site.services.filters.overview()).replacements).toMatchObject([{ find: a.word, replace: '【替换】', enabled: true }]);
    const empty = await editor.post('/admin/rules/replacements', { source: '', find: '', replace: 'x' });
    expect(empty.status).toBe(400);
    expect(await auditActions('filter.replacement.')).toEqual(['filter.replacement.create']);
  });

  it('imports a sensitive-word list from a GBK file, says which encoding was read, and dry-runs one', async () => {
    const a = await uniqueTitleWord();
    const gbk = iconv.encode(`${a.word}\n不存在的词语\n${a.word}\n`, 'gbk');
    const dry = await postMultipart(editor, '/admin/rules/lists/dry-run', { name: '测试词表', action: 'block', words: '', enabled: '1' }, { name: 'words.txt', bytes: gbk });
    expect(dry.status).toBe(200);
    const page = await domOf(dry);
    expect(textOf(page.querySelector('[data-testid="dry-run-summary"]'))).toContain('会拦截 1 篇');
    expect(textOf(page.querySelector('[data-testid="dry-run-blocked"] mark'))).toBe(a.word);
    expect(textOf(page.querySelector('.flash-ok'))).toContain('保存时请重新选择该文件');
    expect(page.querySelector('input[name="name"]')?.getAttribute('value')).toBe('测试词表');
    expect((await site.services.filters.overview()).lists).toEqual([]);

    const saved = await postMultipart(editor, '/admin/rules/lists', { name: '测试词表', action: 'block', words: '', enabled: '1' }, { name: 'words.txt', bytes: gbk });
    expect(saved.status).toBe(303);
    const location = saved.headers.get('Location')!;
    const id = Number(/^\/admin\/rules\/lists\/(\d+)\?/.exec(location)?.[1]);
    const list = await site.services.filters.list(id);
    expect(list.words).toEqual([a.word, '不存在的词语']);
    const shown = await editor.page(location);
    expect(textOf(shown.document.querySelector('.flash-ok'))).toBe('已保存：2 个词，按 GB18030 读取，去掉重复 1 个。');
    expect(shown.document.querySelector('textarea[name="words"]')?.textContent).toBe(`${a.word}\n不存在的词语`);
    const row = (await editor.page('/admin/rules')).document.querySelector(`tr[data-list-id="${id}"]`)!;
    expect(textOf(row.querySelector('td[data-label="词数"]'))).toBe('2');
    expect(textOf(row.querySelector('td[data-label="命中时"]'))).toBe('拦截');

    // Edited from the textarea (no file): the words are replaced whole.
    expect((await postMultipart(editor, `/admin/rules/lists/${id}`, { name: '测试词表', action: 'hold', words: '甲\n乙、丙', enabled: '1' })).status).toBe(303);
    expect(await site.services.filters.list(id)).toMatchObject({ action: 'hold', words: ['甲', '乙', '丙'] });
    expect(await auditActions('filter.list.')).toEqual(['filter.list.create', 'filter.list.update']);
    // Too large an edit: the list's own form again, unchanged.
    const tooBig = await postMultipart(editor, `/admin/rules/lists/${id}`, { name: '测试词表', action: 'hold', words: '', enabled: '1' }, { name: 'big.txt', bytes: new Uint8Array(3 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    const again = await domOf(tooBig);
    expect(again.querySelector('[data-testid="list-form"]')?.getAttribute('action')).toBe(`/admin/rules/lists/${id}`);
    expect(again.querySelector('textarea[name="words"]')?.textContent).toBe('甲\n乙\n丙');
    expect((await site.services.filters.list(id)).words).toEqual(['甲', '乙', '丙']);
  });

  it('refuses a list over 2 MB with a clear message on the form (not a bare 413), and a bad line keeping the typed words', async () => {
    const big = new TextEncoder().encode('词语\n'.repeat(400_000));
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await postMultipart(editor, '/admin/rules/lists', { name: '大词表', action: 'hold', words: '', enabled: '1' }, { name: 'big.txt', bytes: big });
    expect(res.status).toBe(413);
    const document = await domOf(res);
    expect(textOf(document.querySelector('.flash-error'))).toContain('超过 2 MB');
    expect(document.querySelector('[data-testid="list-form"]')).not.toBeNull();
    // Declared in Content-Length (as browsers send it), refused before the body is read.
    const form = new FormData();
    form.set('_csrf', editor.csrf);
    form.set('name', '大词表');
    form.set('file', new File([big], 'big.txt', { type: 'text/plain' }));
    const encoded = new Request('https://news.test/', { method: 'POST', body: form });
    const bytes = await encoded.arrayBuffer();
    const declared = await site.app.request('/admin/rules/lists', {
      method: 'POST',
      headers: { Cookie: editor.cookie, Origin: 'https://news.test', 'Content-Type': encoded.headers.get('Content-Type')!, 'Content-Length': String(bytes.byteLength) },
      body: bytes,
    });
    expect(declared.status).toBe(413);
    expect(textOf((await domOf(declared)).querySelector('.flash-error'))).toContain('超过 2 MB');

    const typed = `正常的词\n${'长'.repeat(60)}\n另一个词`;
    const bad = await postMultipart(editor, '/admin/rules/lists', { name: '坏词表', action: 'hold', words: typed, enabled: '1' });
    expect(bad.status).toBe(400);
    const page = await domOf(bad);
    expect(textOf(page.querySelector('.flash-error'))).toMatch(/第 ?2 ?行/);
    expect(page.querySelector('textarea[name="words"]')?.textContent).toBe(typed);
    expect(page.querySelector('input[name="name"]')?.getAttribute('value')).toBe('坏词表');
    expect((await site.services.filters.overview()).lists).toEqual([]);
    expect(await auditActions('filter.')).toEqual([]);
  });

  it('lists what the rules dropped at the last fetch (已拦截), with why', async () => {
    expect((await editor.post('/admin/rules/rules', ruleFields({ action: 'block', field: 'title', pattern: '绿道', note: '不要绿道' }))).status).toBe(303);
    const feeds = await startFixtureSite();
    try {
      const source = await site.services.admin.sources.add({ url: `${feeds.url}/feed.xml` }, 'test');
      await site.services.admin.sources.fetchNow(source.id, 'test');
    } finally {
      await feeds.close();
    }
    const { document } = await editor.page('/admin/rules');
    const rows = [...document.querySelectorAll('[data-testid="filtered-table"] tbody tr')];
    expect(rows).toHaveLength(1);
    expect(textOf(rows[0]!.querySelector('td[data-label="标题"]'))).toBe('全文条目：城市绿道全线贯通');
    expect(rows[0]!.querySelector('td[data-label="标题"] a')?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(textOf(rows[0]!.querySelector('.chip'))).toContain('不要绿道');
    expect(textOf(rows[0]!.querySelector('td[data-label="来源"]'))).toBe('本地测试站');
  });

  it('lets an admin in too', async () => {
    const admin = await signIn(site, 'admin', 'alice');
    expect((await admin.get('/admin/rules')).status).toBe(200);
    expect((await admin.post('/admin/rules/rules', ruleFields({ pattern: '广告' }))).status).toBe(303);
  });
});
