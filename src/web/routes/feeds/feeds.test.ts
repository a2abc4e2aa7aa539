import { execFileSync } from 'node:child_process';
import { parseFeed } from 'feedsmith';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../../cluster/bus.js';
import { createTestSite, fetchPage, TEST_SITE_URL, type TestSite } from '../../testing.js';

const HOSTILE_TITLE = '<script>alert(1)</script> & 标题 "引号" \'单引号\' ]]> 完';
const FORMATS = [
  { file: 'feed.xml', type: 'application/rss+xml', format: 'rss' },
  { file: 'atom.xml', type: 'application/atom+xml', format: 'atom' },
  { file: 'feed.json', type: 'application/feed+json', format: 'json' },
] as const;

/** Well-formed XML, or xmllint says why not. */
function assertWellFormed(xml: string): void {
  execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
}

type Parsed = { title: string | undefined; link: string | undefined; via: string | undefined };

/** Each entry's title, our link and the original's, as feedsmith reads them back. */
function entries(body: string, format: (typeof FORMATS)[number]['format']): Parsed[] {
  const parsed = parseFeed(body);
  expect(parsed.format).toBe(format);
  if (parsed.format === 'rss') {
    return (parsed.feed.items ?? []).map((i) => ({ title: i.title, link: i.link, via: i.atom?.links?.find((l) => l.rel === 'via')?.href }));
  }
  if (parsed.format === 'atom') {
    return (parsed.feed.entries ?? []).map((e) => {
      // Atom says outright that the title is text, not HTML.
      expect(e.title?.type).toBe('text');
      return {
        title: e.title?.value,
        link: e.links?.find((l) => l.rel === 'alternate')?.href,
        via: e.links?.find((l) => l.rel === 'via')?.href,
      };
    });
  }
  if (parsed.format === 'json') return (parsed.feed.items ?? []).map((i) => ({ title: i.title, link: i.url, via: i.external_url }));
  throw new Error(`unexpected format ${parsed.format}`);
}

describe('feeds', () => {
  let site: TestSite;
  let hostileId: number;
  let hiddenId: number;
  let goneId: number;
  let category: string;
  let source: string;

  beforeAll(async () => {
    site = await createTestSite();
    const newest = await site.store.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .innerJoin('categories', 'categories.id', 'articles.category_id')
      .select(['articles.id', 'sources.slug as source', 'categories.slug as category'])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(3)
      .execute();
    [hostileId, hiddenId, goneId] = newest.map((r) => r.id) as [number, number, number];
    category = newest[0]!.category;
    source = newest[0]!.source;
    await site.store.db.updateTable('articles').set({ title: HOSTILE_TITLE }).where('id', '=', hostileId).execute();
    await site.store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', hiddenId).execute();
    await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', goneId).execute();
  });
  afterAll(async () => {
    await site.close();
  });

  const scopes = () => ['', `/c/${category}`, `/s/${source}`];

  it('serves RSS, Atom and JSON Feed for the site, a category and a source, each parsing back with feedsmith', async () => {
    for (const base of scopes()) {
      for (const { file, type, format } of FORMATS) {
        const res = await site.app.request(`${base}/${file}`);
        expect(res.status, `${base}/${file}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
        expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
        expect(res.headers.get('etag')).toBeTruthy();
        expect(res.headers.get('last-modified')).toBeTruthy();
        const body = await res.text();
        if (format !== 'json') assertWellFormed(body);
        const items = entries(body, format);
        expect(items.length, `${base}/${file}`).toBeGreaterThan(0);
        expect(items.length).toBeLessThanOrEqual(50);
        for (const item of items) {
          expect(item.link).toMatch(new RegExp(`^${TEST_SITE_URL}/a/\\d+$`));
          expect(item.via).toMatch(/^https?:\/\//);
          expect(item.via).not.toContain(TEST_SITE_URL);
          expect(item.title).toBeTruthy();
        }
      }
    }
  });

  it('carries each entry’s source, author, summary, date and category', async () => {
    const rss = await (await site.app.request('/feed.xml')).text();
    const parsed = parseFeed(rss);
    if (parsed.format !== 'rss') throw new Error('not rss');
    const item = parsed.feed.items!.find((i) => i.link === `${TEST_SITE_URL}/a/${hostileId}`)!;
    expect(item.source?.title).toBeTruthy();
    expect(item.dc?.creators?.[0]).toBeTruthy();
    expect(item.description).toBeTruthy();
    expect(item.pubDate).toBeTruthy();
    expect(item.categories?.[0]?.name).toBeTruthy();

    const json = (await (await site.app.request('/feed.json')).json()) as { items: Array<Record<string, unknown>> };
    const entry = json.items.find((i) => i.url === `${TEST_SITE_URL}/a/${hostileId}`)!;
    expect(entry).toMatchObject({ summary: expect.any(String), date_published: expect.any(String), authors: [{ name: expect.any(String) }] });
    expect((entry._source as { name: string }).name).toBe(item.source?.title);
  });

  it('keeps a hostile title as text: it round-trips exactly and no markup reaches the document', async () => {
    for (const base of scopes()) {
      for (const { file, format } of FORMATS) {
        const body = await (await site.app.request(`${base}/${file}`)).text();
        const item = entries(body, format).find((i) => i.link === `${TEST_SITE_URL}/a/${hostileId}`);
        expect(item?.title, `${base}/${file}`).toBe(HOSTILE_TITLE);
        if (format === 'json') continue;
        // Read as XML by a parser other than feedsmith: the title is one text node, not elements.
        const xml = new DOMParser().parseFromString(body, 'text/xml');
        expect(xml.querySelectorAll('script').length).toBe(0);
        const titles = [...xml.querySelectorAll(format === 'rss' ? 'item > title' : 'entry > title')];
        const hostile = titles.find((t) => t.textContent?.includes('alert(1)'));
        expect(hostile?.children.length).toBe(0);
        expect(hostile?.textContent?.trim()).toBe(HOSTILE_TITLE);
      }
    }
  });

  it('leaves hidden and taken-down articles out of every feed', async () => {
    for (const base of scopes()) {
      for (const { file } of FORMATS) {
        const body = await (await site.app.request(`${base}/${file}`)).text();
        expect(body).toContain(`/a/${hostileId}`);
        expect(body).not.toContain(`/a/${hiddenId}<`);
        expect(body).not.toContain(`/a/${hiddenId}"`);
        expect(body).not.toContain(`/a/${goneId}<`);
        expect(body).not.toContain(`/a/${goneId}"`);
      }
    }
  });

  it('answers 304 to a reader that has the current version, 200 once it changed', async () => {
    const first = await site.app.request('/atom.xml');
    const tag = first.headers.get('etag')!;
    const again = await site.app.request('/atom.xml', { headers: { 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // As an editor's retitling does: the change is announced to every node.
    await site.store.db.updateTable('articles').set({ title: `${HOSTILE_TITLE}（更新）` }).where('id', '=', hostileId).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: hostileId });
    const changed = await site.app.request('/atom.xml', { headers: { 'If-None-Match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    await site.store.db.updateTable('articles').set({ title: HOSTILE_TITLE }).where('id', '=', hostileId).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: hostileId });
  });

  it('drops an article from feeds already built as soon as its withdrawal is announced', async () => {
    const victim = await site.store.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('id', '!=', hostileId)
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(await (await site.app.request('/feed.json')).text()).toContain(`/a/${victim.id}"`);
    await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', victim.id).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: victim.id });
    for (const { file } of FORMATS) expect(await (await site.app.request(`/${file}`)).text()).not.toContain(`/a/${victim.id}`);
    await site.store.db.updateTable('articles').set({ status: 'published' }).where('id', '=', victim.id).execute();
    await site.services.bus.publish(TOPICS.articleChanged, { id: victim.id });
  });

  it('answers 404 for an unknown category or source', async () => {
    expect((await site.app.request('/c/no-such-category/feed.xml')).status).toBe(404);
    expect((await site.app.request('/s/no-such-source/atom.xml')).status).toBe(404);
  });

  it('announces the feeds in page heads: the site’s everywhere, a category’s or source’s on its pages', async () => {
    const alternates = async (path: string) => {
      const { document } = await fetchPage(site, path);
      return [...document.querySelectorAll('link[rel="alternate"]')].map((l) => `${l.getAttribute('type')} ${l.getAttribute('href')}`);
    };
    const home = await alternates('/');
    expect(home).toEqual(['application/rss+xml /feed.xml', 'application/atom+xml /atom.xml', 'application/feed+json /feed.json']);
    const categoryPage = await alternates(`/c/${category}`);
    expect(categoryPage).toEqual(expect.arrayContaining([`application/rss+xml /c/${category}/feed.xml`, 'application/rss+xml /feed.xml']));
    const sourcePage = await alternates(`/s/${source}?page=1`);
    expect(sourcePage).toContain(`application/atom+xml /s/${source}/atom.xml`);
    // The announced feeds exist.
    for (const line of categoryPage) expect((await site.app.request(line.split(' ')[1]!)).status).toBe(200);
  });
});
