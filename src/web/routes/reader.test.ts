import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../articles/articles.js';
import { createTestSite, fetchPage, richDemoArticle, sharedDemoStory, TEST_SITE_URL, type TestSite, textOf as text } from '../testing.js';

let site: TestSite;
let articleId: number;
beforeAll(async () => {
  site = await createTestSite();
  articleId = await richDemoArticle(site);
});
afterAll(() => site.close());

describe('every page', () => {
  it.each(['/', '/c/tech', '/s/keji-qianyan', '/takedown', '/a/ARTICLE'])('%s carries lang, title, description, canonical and Open Graph', async (p) => {
    const path = p.replace('ARTICLE', String(articleId));
    const { res, document } = await fetchPage(site, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html; charset=utf-8/i);
    expect(document.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(text(document.querySelector('title'))).not.toBe('');
    expect(document.querySelector('meta[name="description"]')?.getAttribute('content')).toBeTruthy();
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${TEST_SITE_URL}${path}`);
    for (const p of ['og:title', 'og:description', 'og:url', 'og:type', 'og:site_name']) {
      expect(document.querySelector(`meta[property="${p}"]`)?.getAttribute('content'), p).toBeTruthy();
    }
    const css = document.querySelector('link[rel="stylesheet"]')?.getAttribute('href');
    expect(css).toMatch(/^\/assets\/style-[A-Z0-9]+\.css$/);
  });
});

describe('home', () => {
  it('lists the newest articles with category tabs and pages', async () => {
    const { document } = await fetchPage(site, '/');
    const links = [...document.querySelectorAll('.cards a[href^="/a/"]')];
    expect(links.length).toBe(PAGE_SIZE);
    const tabs = [...document.querySelectorAll('nav.tabs a')].map((a) => text(a));
    expect(tabs.slice(0, 4)).toEqual(['推荐', '热榜', '时政', '国际']);
    expect(document.querySelector('nav.tabs a[aria-current="page"]')?.getAttribute('href')).toBe('/');
    expect(document.querySelector('.pager a[rel="next"]')?.getAttribute('href')).toBe('/?page=2');
    const first = document.querySelector('.card');
    expect(text(first?.querySelector('.views'))).toMatch(/^浏览 \d+$/);
    expect(text(first?.querySelector('.source'))).not.toBe('');
  });

  it('serves page 2 with different articles and a canonical link to it', async () => {
    const one = await fetchPage(site, '/');
    const two = await fetchPage(site, '/?page=2');
    const ids = (d: Document) => [...d.querySelectorAll('.cards a')].map((a) => a.getAttribute('href'));
    expect(ids(two.document).length).toBe(PAGE_SIZE);
    expect(ids(two.document).filter((h) => ids(one.document).includes(h))).toEqual([]);
    expect(two.document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${TEST_SITE_URL}/?page=2`);
  });

  it.each(['abc', '-1', '0', '1.5', '1e3', "1' or 1=1", ''])('treats page=%j as the first page', async (page) => {
    const { res, document } = await fetchPage(site, `/?page=${encodeURIComponent(page)}`);
    expect(res.status).toBe(200);
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${TEST_SITE_URL}/`);
  });

  it('shows a reprinted story once, by its earliest article, on every page of the feed', async () => {
    const { articleIds } = await sharedDemoStory(site);
    const shown: string[] = [];
    for (let page = 1; ; page++) {
      const { res, document } = await fetchPage(site, `/?page=${page}`);
      if (res.status === 404) break;
      shown.push(...[...document.querySelectorAll('.cards a[href^="/a/"]')].map((a) => a.getAttribute('href')!));
    }
    const members = shown.filter((href) => articleIds.some((id) => href === `/a/${id}`));
    expect(members).toEqual([`/a/${articleIds[0]}`]);
  });

  it('answers 404 past the last page', async () => {
    expect((await site.app.request('/?page=999')).status).toBe(404);
  });
});

describe('category and source pages', () => {
  it('list only their own articles, with the current tab marked', async () => {
    const { document } = await fetchPage(site, '/c/sports');
    expect(text(document.querySelector('h1'))).toBe('体育');
    expect(document.querySelector('nav.tabs a[aria-current="page"]')?.getAttribute('href')).toBe('/c/sports');
    const ids = [...document.querySelectorAll('.cards a')].map((a) => Number(a.getAttribute('href')!.slice(3)));
    expect(ids.length).toBeGreaterThan(0);
    const sports = (await site.services.articles.category('sports'))!.id;
    const rows = await site.store.db.selectFrom('articles').select('category_id').where('id', 'in', ids).execute();
    expect(rows.every((r) => r.category_id === sports)).toBe(true);
  });

  it('source page names the source and marks demo sources', async () => {
    const { document } = await fetchPage(site, '/s/tiyu-sudi');
    expect(text(document.querySelector('h1'))).toBe('体坛速递');
    expect(text(document.querySelector('main .muted'))).toMatch(/^\d+ 篇文章 · 示例来源$/);
  });

  it.each(['/c/nope', '/c/%E4%B8%AD', '/s/nope', '/c/tech/extra', '/c/sports?page=50'])('%s is a 404 page', async (path) => {
    const { res, document } = await fetchPage(site, path);
    expect(res.status).toBe(404);
    expect(text(document.querySelector('h1'))).toBe('页面不存在');
  });
});

describe('story page', () => {
  it('lists every medium carrying the story, the original first', async () => {
    const { storyId, articleIds } = await sharedDemoStory(site);
    const { res, document } = await fetchPage(site, `/story/${storyId}`);
    expect(res.status).toBe(200);
    const listed = [...document.querySelectorAll('.cards a')].map((a) => Number(a.getAttribute('href')!.slice(3)));
    expect(listed).toEqual(articleIds);
    const sources = [...document.querySelectorAll('.cards .source')].map(text);
    expect(new Set(sources).size).toBe(articleIds.length);
    expect(text(document.querySelector('main .muted'))).toBe(`${articleIds.length} 家媒体报道 · 首发：${sources[0]}`);
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${TEST_SITE_URL}/story/${storyId}`);
  });

  it.each(['abc', '0', '99999999'])('/story/%s is a 404 page', async (id) => {
    expect((await site.app.request(`/story/${id}`)).status).toBe(404);
  });
});

describe('takedown page', () => {
  it('shows the contact from settings', async () => {
    await site.services.settings.set('takedown_contact', '邮箱 legal@news.example.com');
    const { document } = await fetchPage(site, '/takedown');
    expect(text(document.querySelector('main'))).toContain('邮箱 legal@news.example.com');
  });
});
