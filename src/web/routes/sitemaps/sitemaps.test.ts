import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../../cluster/bus.js';
import type { NewArticle } from '../../../store/schema.js';
import { createTestSite, TEST_SITE_URL, type TestSite } from '../../testing.js';

const TESTDATA = join(import.meta.dirname, 'testdata');
const SCHEMAS = { index: 'siteindex.xsd', urlset: 'sitemap.xsd', news: 'news-urlset.xsd' } as const;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'redian-sitemaps-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Validates against the sitemap XSDs with xmllint; throws with xmllint's complaint. */
function validate(xml: string, schema: keyof typeof SCHEMAS): void {
  const file = join(scratch, 'doc.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', join(TESTDATA, SCHEMAS[schema]), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${schema} does not validate: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
  }
}

function xmlDoc(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml');
}
const locs = (xml: string) => [...xmlDoc(xml).querySelectorAll('loc')].map((l) => l.textContent!.trim());

async function get(site: TestSite, path: string) {
  const res = await site.app.request(path);
  return { res, body: await res.text() };
}

describe('the schemas the sitemaps are checked with', () => {
  it('refuse what the protocols forbid, so a pass means something', () => {
    const ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
    const news = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"';
    expect(() => validate(`<urlset ${ns}></urlset>`, 'urlset')).toThrow(/does not validate/);
    expect(() => validate(`<urlset ${ns}><url><loc>https://news.test/a/1</loc><lastmod>yesterday</lastmod></url></urlset>`, 'urlset')).toThrow(/does not validate/);
    expect(() => validate(`<sitemapindex ${ns}><url><loc>https://news.test/a/1</loc></url></sitemapindex>`, 'index')).toThrow(/does not validate/);
    const item = (inner: string) => `<urlset ${ns} ${news}><url><loc>https://news.test/a/1</loc><news:news>${inner}</news:news></url></urlset>`;
    const publication = '<news:publication><news:name>热点</news:name><news:language>zh-cn</news:language></news:publication>';
    validate(item(`${publication}<news:publication_date>2026-11-27T08:00:00.000Z</news:publication_date><news:title>标题</news:title>`), 'news');
    expect(() => validate(item(`${publication}<news:publication_date>2026-11-27T08:00:00.000Z</news:publication_date>`), 'news')).toThrow(/does not validate/);
    expect(() => validate(item(`${publication}<news:publication_date>27/11/2026</news:publication_date><news:title>标题</news:title>`), 'news')).toThrow(/does not validate/);
  });
});

describe('sitemaps and robots.txt', () => {
  let site: TestSite;
  let hostileId: number;
  let hiddenId: number;
  let goneId: number;

  beforeAll(async () => {
    site = await createTestSite();
    const newest = await site.store.db.selectFrom('articles').select('id').orderBy('published_at', 'desc').orderBy('id', 'desc').limit(3).execute();
    [hostileId, hiddenId, goneId] = newest.map((r) => r.id) as [number, number, number];
    await site.store.db.updateTable('articles').set({ title: '<b>粗体</b> & "引号"' }).where('id', '=', hostileId).execute();
    await site.store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', hiddenId).execute();
    await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', goneId).execute();
  });
  afterAll(async () => {
    await site.close();
  });

  it('serves robots.txt that keeps crawlers out of the console and points at the sitemap by absolute URL', async () => {
    const { res, body } = await get(site, '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const path of ['/admin', '/me/', '/ad/', '/api/', '/img/', '/search']) expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).toContain(`Sitemap: ${TEST_SITE_URL}/sitemap.xml`);
  });

  it('serves a sitemap index, and every sitemap it names validates against the sitemaps.org and Google News schemas', async () => {
    const index = await get(site, '/sitemap.xml');
    expect(index.res.status).toBe(200);
    expect(index.res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(index.res.headers.get('etag')).toBeTruthy();
    validate(index.body, 'index');
    const named = locs(index.body);
    expect(named).toEqual([`${TEST_SITE_URL}/sitemaps/pages.xml`, `${TEST_SITE_URL}/sitemaps/news.xml`, `${TEST_SITE_URL}/sitemaps/articles-1.xml`]);

    const pages = await get(site, '/sitemaps/pages.xml');
    validate(pages.body, 'urlset');
    const pageUrls = locs(pages.body);
    expect(pageUrls[0]).toBe(`${TEST_SITE_URL}/`);
    expect(pageUrls.some((u) => u.startsWith(`${TEST_SITE_URL}/c/`))).toBe(true);
    expect(pageUrls.some((u) => u.startsWith(`${TEST_SITE_URL}/s/`))).toBe(true);
    for (const url of pageUrls) expect((await site.app.request(url.slice(TEST_SITE_URL.length))).status, url).toBe(200);

    const news = await get(site, '/sitemaps/news.xml');
    validate(news.body, 'news');
    const doc = xmlDoc(news.body);
    const news_ = (name: string) => [...doc.getElementsByTagName(`news:${name}`)].map((e) => e.textContent);
    expect(new Set(news_('name'))).toEqual(new Set(['热点']));
    expect(new Set(news_('language'))).toEqual(new Set(['zh-cn']));
    for (const date of news_('publication_date')) expect(Date.now() - Date.parse(date!)).toBeLessThan(48 * 3600_000);
    const titles = news_('title');
    expect(titles).toContain('<b>粗体</b> & "引号"');
    expect(doc.querySelectorAll('b').length).toBe(0);

    const articles = await get(site, '/sitemaps/articles-1.xml');
    expect(articles.res.status).toBe(200);
    validate(articles.body, 'urlset');
    const published = await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute();
    expect(locs(articles.body)).toEqual(published.map((a) => `${TEST_SITE_URL}/a/${a.id}`));
  });

  it('leaves hidden and taken-down articles out of every sitemap', async () => {
    for (const path of ['/sitemaps/news.xml', '/sitemaps/articles-1.xml']) {
      const urls = locs((await get(site, path)).body);
      expect(urls).toContain(`${TEST_SITE_URL}/a/${hostileId}`);
      expect(urls).not.toContain(`${TEST_SITE_URL}/a/${hiddenId}`);
      expect(urls).not.toContain(`${TEST_SITE_URL}/a/${goneId}`);
    }
  });

  it('drops an article from sitemaps already built as soon as its withdrawal is announced', async () => {
    const path = `${TEST_SITE_URL}/a/${hostileId}`;
    expect(locs((await get(site, '/sitemaps/articles-1.xml')).body)).toContain(path);
    expect(locs((await get(site, '/sitemaps/news.xml')).body)).toContain(path);
    await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', hostileId).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: hostileId });
    expect(locs((await get(site, '/sitemaps/articles-1.xml')).body)).not.toContain(path);
    expect(locs((await get(site, '/sitemaps/news.xml')).body)).not.toContain(path);
    await site.store.db.updateTable('articles').set({ status: 'published' }).where('id', '=', hostileId).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: hostileId });
  });

  it('answers 404 for an article sitemap with nothing in it and for unknown sitemap names', async () => {
    expect((await site.app.request('/sitemaps/articles-2.xml')).status).toBe(404);
    expect((await site.app.request('/sitemaps/articles-0.xml')).status).toBe(404);
    expect((await site.app.request('/sitemaps/other.xml')).status).toBe(404);
  });
});

describe('article sitemaps at the 50,000-URL limit', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await createTestSite({ demo: false });
    const source = await site.store.db
      .insertInto('sources')
      .values({ slug: 'bulk', name: '批量', site_url: 'https://bulk.example/', feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const t0 = Date.UTC(2026, 0, 1);
    const rows: NewArticle[] = Array.from({ length: 50_001 }, (_, i) => ({
      source_id: source.id,
      category_id: null,
      guid: `g${i}`,
      url: `https://bulk.example/${i}`,
      title: `文章 ${i}`,
      author: null,
      summary: '',
      content_html: '',
      content_text: '',
      lead_image: null,
      published_at: t0 + i * 1000,
      created_at: t0 + i * 1000,
    }));
    await site.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('articles').values(rows.slice(i, i + 2000)).execute();
    });
  }, 60_000);
  afterAll(async () => {
    await site.close();
  });

  it('splits 50,001 articles into two valid article sitemaps of 50,000 and 1', async () => {
    const index = (await get(site, '/sitemap.xml')).body;
    validate(index, 'index');
    expect(locs(index).filter((u) => u.includes('/sitemaps/articles-'))).toEqual([
      `${TEST_SITE_URL}/sitemaps/articles-1.xml`,
      `${TEST_SITE_URL}/sitemaps/articles-2.xml`,
    ]);
    const first = (await get(site, '/sitemaps/articles-1.xml')).body;
    validate(first, 'urlset');
    const firstUrls = locs(first);
    expect(firstUrls.length).toBe(50_000);
    expect(firstUrls[0]).toBe(`${TEST_SITE_URL}/a/1`);
    expect(firstUrls.at(-1)).toBe(`${TEST_SITE_URL}/a/50000`);
    const second = (await get(site, '/sitemaps/articles-2.xml')).body;
    validate(second, 'urlset');
    expect(locs(second)).toEqual([`${TEST_SITE_URL}/a/50001`]);
  }, 60_000);
});
