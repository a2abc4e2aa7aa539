import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../articles/articles.js';
import { HOSTILE_QUERIES } from '../../search/testdata/hostile-queries.js';
import { searchDocumentOf } from '../../search/terms.js';
import { createRepos } from '../../store/repos/index.js';
import { testDialects } from '../../store/testing.js';
import { createTestSite, fetchPage, textOf as text, type TestSite } from '../testing.js';

/** A request as if from this address: the search rate limit is per client. */
let client = 0;
const from = (address = `198.51.100.${++client % 250}`) => ({ incoming: { socket: { remoteAddress: address } } });
const get = (site: TestSite, path: string, env: object = from()) => site.app.request(path, {}, env);
const page = async (site: TestSite, path: string) => {
  const res = await get(site, path);
  const { parseHTML } = await import('linkedom');
  const html = await res.text();
  return { res, html, document: parseHTML(html).document };
};

/** Adds published articles straight to the store and the index, as the pipeline would. */
async function addArticles(site: TestSite, rows: Array<{ title: string; text: string; at?: number }>): Promise<number[]> {
  const repos = createRepos(site.store);
  const ids: number[] = [];
  for (const [i, r] of rows.entries()) {
    const [id] = await repos.articles.insertManyIfNew([
      { source_id: 1, guid: `search-${Date.now()}-${i}-${Math.random()}`, url: `https://x.example/s/${ids.length}-${Math.random()}`, title: r.title, author: null, summary: r.text.slice(0, 50), content_html: `<p>${r.text}</p>`, content_text: r.text, lead_image: null, published_at: r.at ?? Date.now(), created_at: Date.now() },
    ]);
    await repos.search.index([searchDocumentOf(id!, r.title, r.text)]);
    ids.push(id!);
  }
  return ids;
}

const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `/search and /t/:tag on ${dialect.name} (skipped: ${dialect.skip})` : `/search and /t/:tag on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let site: TestSite;
    beforeAll(async () => {
      site = await createTestSite({ store: await dialect.open() });
    });
    afterAll(() => site?.close());

    it('finds demo articles (loaded through the pipeline) with marked titles and snippets, the query kept, noindex', async () => {
      const [demo] = await site.store.db.selectFrom('article_keywords').innerJoin('articles', 'articles.id', 'article_keywords.article_id').select(['term', 'articles.id']).where('articles.is_demo', '=', 1).orderBy('weight', 'desc').limit(1).execute();
      const { res, document } = await page(site, `/search?q=${encodeURIComponent(demo!.term)}`);
      expect(res.status).toBe(200);
      expect(document.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
      expect(document.querySelector('main form input[name="q"]')?.getAttribute('value')).toBe(demo!.term);
      const links = [...document.querySelectorAll('.result a.title')].map((a) => a.getAttribute('href'));
      expect(links).toContain(`/a/${demo!.id}`);
      const marks = [...document.querySelectorAll('.result mark')].map((m) => text(m).toLowerCase());
      expect(marks.length).toBeGreaterThan(0);
      expect(new Set(marks)).toEqual(new Set([demo!.term]));
      expect(text(document.querySelector('.result .source'))).not.toBe('');
    });

    it('shows an empty state, and the bare form without a query', async () => {
      const none = await page(site, `/search?q=${encodeURIComponent('齐齐哈尔量子纠缠火锅')}`);
      expect(none.res.status).toBe(200);
      expect(text(none.document.querySelector('.empty'))).toContain('没有找到');
      const bare = await page(site, '/search');
      expect(bare.res.status).toBe(200);
      expect(bare.document.querySelector('main form[action="/search"] input[name="q"]')).not.toBeNull();
      expect(bare.document.querySelector('.results, .empty')).toBeNull();
    });

    it('pages results with the query in the page links', async () => {
      await addArticles(site, Array.from({ length: PAGE_SIZE + 3 }, (_, i) => ({ title: `琥珀湾渔港第${i + 1}期见闻`, text: '琥珀湾渔港的清晨，渔船陆续归港。', at: Date.now() - i * 60_000 })));
      const one = await page(site, `/search?q=${encodeURIComponent('琥珀湾')}`);
      expect(one.document.querySelectorAll('.result').length).toBe(PAGE_SIZE);
      const next = one.document.querySelector('.pager a[rel="next"]')?.getAttribute('href');
      expect(next).toBe(`/search?q=${encodeURIComponent('琥珀湾')}&page=2`);
      const two = await page(site, next!);
      expect(two.document.querySelectorAll('.result').length).toBe(3);
    });

    it('escapes hostile titles and text in results', async () => {
      await addArticles(site, [{ title: '<script>alert("x")</script>翡翠岛<img src=x onerror=alert(1)>', text: '<iframe src="javascript:alert(1)"></iframe>翡翠岛旅游季开启' }]);
      const { html, document } = await page(site, `/search?q=${encodeURIComponent('翡翠岛')}`);
      expect(html).not.toMatch(/<script>alert|<img src=x|<iframe/);
      expect(text(document.querySelector('.result a.title'))).toBe('<script>alert("x")</script>翡翠岛<img src=x onerror=alert(1)>');
      expect(document.querySelectorAll('.result script, .result img, .result iframe').length).toBe(0);
    });

    it.each(HOSTILE_QUERIES.map((q) => [q.length > 40 ? `${q.slice(0, 40)}… (${q.length} chars)` : q, q]))('answers q=%j with 200', async (_, q) => {
      const res = await get(site, `/search?q=${encodeURIComponent(q)}&page=1`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('name="q"');
    });

    it('answers malformed query strings with 200', async () => {
      for (const qs of ['q=%E0%A4%A', 'q=%', 'q=a&q=b', 'q[]=x', 'page=-1&q=地铁', 'q=地铁&page=99999999999']) {
        expect((await get(site, `/search?${qs}`)).status, qs).toBe(200);
      }
    });

    it('limits searches per client with a 429 page, not an error', async () => {
      // Far more than the burst, fast (an empty query costs no search): the bucket runs dry.
      const env = from('203.0.113.9');
      const statuses = [];
      for (let i = 0; i < 60; i++) statuses.push((await get(site, '/search?q=', env)).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      const limited = await get(site, '/search?q=x', env);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.text()).toContain('搜索太频繁');
      expect((await get(site, '/search?q=x', from('203.0.113.10'))).status).toBe(200);
      // Behind a local reverse proxy, readers are told apart by the address it forwards.
      const viaProxy = (ip: string) => site.app.request('/search?q=', { headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` } }, from('127.0.0.1'));
      for (let i = 0; i < 60; i++) await viaProxy('192.0.2.1');
      expect((await viaProxy('192.0.2.1')).status).toBe(429);
      expect((await viaProxy('192.0.2.2')).status).toBe(200);
    });

    it('puts a search box that needs no script in the header of every page', async () => {
      const { document } = await fetchPage(site, '/');
      const form = document.querySelector('header form[role="search"]');
      expect(form?.getAttribute('action')).toBe('/search');
      expect(form?.getAttribute('method')).toBe('get');
      expect(form?.querySelector('input[name="q"]')).not.toBeNull();
      expect(form?.querySelector('button[type="submit"]')).not.toBeNull();
    });

    it('/t/:tag lists the published articles carrying the keyword, newest first', async () => {
      const [row] = await site.store.db
        .selectFrom('article_keywords')
        .innerJoin('articles', 'articles.id', 'article_keywords.article_id')
        .select(['term', (eb) => eb.fn.countAll<number>().as('n')])
        .where('articles.status', '=', 'published')
        .groupBy('term')
        .having((eb) => eb.fn.countAll(), '>=', 2)
        .orderBy('n', 'desc')
        .orderBy('term')
        .limit(1)
        .execute();
      const expected = await site.store.db
        .selectFrom('article_keywords')
        .innerJoin('articles', 'articles.id', 'article_keywords.article_id')
        .select('articles.id')
        .where('term', '=', row!.term)
        .where('articles.status', '=', 'published')
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(PAGE_SIZE)
        .execute();
      const { res, document } = await page(site, `/t/${encodeURIComponent(row!.term)}`);
      expect(res.status).toBe(200);
      expect(text(document.querySelector('h1'))).toBe(`#${row!.term}`);
      expect([...document.querySelectorAll('.cards a')].map((a) => a.getAttribute('href'))).toEqual(expected.map((e) => `/a/${e.id}`));
      expect((await get(site, `/t/${encodeURIComponent('没有这个标签的文章')}`)).status).toBe(404);
      expect((await get(site, `/t/${encodeURIComponent(row!.term)}?page=999`)).status).toBe(404);
      expect((await get(site, `/t/${'长'.repeat(65)}`)).status).toBe(404);
    });

    it('the article page shows its keywords as tags linking to /t/<tag>', async () => {
      const [{ id }] = (await site.store.db.selectFrom('article_keywords').select('article_id as id').orderBy('article_id').limit(1).execute()) as [{ id: number }];
      const keywords = await createRepos(site.store).text.keywordsOf(id);
      const { document } = await fetchPage(site, `/a/${id}`);
      const tags = [...document.querySelectorAll('.article nav.tags a.tag')];
      expect(tags.map((a) => text(a))).toEqual(keywords.map((k) => k.term));
      expect(tags.map((a) => a.getAttribute('href'))).toEqual(keywords.map((k) => `/t/${encodeURIComponent(k.term)}`));
      // A second request is served from the cached render, with the tags still there.
      const again = await fetchPage(site, `/a/${id}`);
      expect(again.document.querySelectorAll('.article nav.tags a.tag').length).toBe(keywords.length);
    });
  });
}
