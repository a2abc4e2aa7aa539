import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestItems } from '../ingest/pipeline.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { createTestSite, fetchPage, TEST_SITE_URL, type TestSite } from './testing.js';

/**
 * Issue 7: an article waiting for review is in no public place — lists, story pages,
 * search, feeds, sitemaps, the API, 精彩推荐 / 相关阅读 / 猜你喜欢, hot — until approved;
 * then it is, search included. Through the real pipeline, app and services.
 */
const TERM = '鲲鹏港务';
let site: TestSite;
let repos: Repos;
let held: number;
let reprint: number;
let storyId: number;
let storyTitle: string;
let neighbour: number;

const linksTo = (html: string, id: number) => html.includes(`/a/${id}"`);
const apiIds = async (path: string) => {
  const body = (await (await site.app.request(path)).json()) as { items: Array<{ id?: number; article?: { id: number } }> };
  return body.items.map((i) => i.id ?? i.article!.id);
};

/** Where an article could show up in public, and whether it does. */
async function visibility(id: number) {
  const out: Record<string, boolean> = {};
  for (const path of ['/', '/c/tech', '/s/review-src', `/story/${storyId}`, `/search?q=${encodeURIComponent(TERM)}`, `/a/${neighbour}`, '/hot']) {
    out[path] = linksTo(await (await site.app.request(path)).text(), id);
  }
  for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/c/tech/feed.xml', '/s/review-src/feed.xml']) {
    out[path] = (await (await site.app.request(path)).text()).includes(`${TEST_SITE_URL}/a/${id}`);
  }
  const index = await (await site.app.request('/sitemap.xml')).text();
  for (const loc of [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname)) {
    out[loc] = (await (await site.app.request(loc)).text()).includes(`${TEST_SITE_URL}/a/${id}<`);
  }
  out['/api/v1/articles'] = (await apiIds('/api/v1/articles')).includes(id);
  out['/api/v1/search'] = (await apiIds(`/api/v1/search?q=${encodeURIComponent(TERM)}`)).includes(id);
  out['/api/v1/hot'] = (await apiIds('/api/v1/hot')).includes(id);
  out['api story'] = ((await (await site.app.request(`/api/v1/stories/${storyId}`)).json()) as { articles: Array<{ id: number }> }).articles.some((a) => a.id === id);
  out['精彩推荐'] = (await site.services.recommend.editorsPicks([])).some((c) => c.id === id);
  out.hot = (await site.services.rank.hot(50)).some((e) => e.card.id === id);
  return out;
}

beforeAll(async () => {
  site = await createTestSite();
  repos = createRepos(site.store);
  const tech = (await repos.categories.bySlug('tech'))!;
  let source: Source = await repos.sources.upsert({ slug: 'review-src', name: '待审来源', site_url: null, feed_url: null, category_id: tech.id, policy: 'full', enabled: 1, is_demo: 0, created_at: Date.now() });
  // A published article of the same source, so its pages and feeds exist.
  const now = Date.now();
  const base = { author: undefined, summary: '', categories: [] };
  const first = await ingestItems(repos, source, [{ ...base, guid: 'n', url: 'https://review.example/n', title: '港口新闻', contentHtml: '<p>江州港口今天正常作业。</p>', publishedAt: now - 60_000 }]);
  neighbour = first.added[0]!.id;
  await site.services.admin.sources.setRequiresReview(source.id, true, 'admin');
  source = (await repos.sources.byId(source.id))!;

  // A story of the demo, and a copy of its original's text published earlier under another title:
  // held, it would otherwise become the story's original and lend the story its title.
  const original = await site.store.db
    .selectFrom('articles')
    .innerJoin('stories', 'stories.original_article_id', 'articles.id')
    .select(['articles.id', 'articles.content_html', 'articles.published_at', 'stories.id as story_id', 'stories.title'])
    .where('stories.article_count', '>', 1)
    .orderBy('articles.id')
    .executeTakeFirstOrThrow();
  storyId = original.story_id;
  storyTitle = original.title;

  const res = await ingestItems(repos, source, [
    { ...base, guid: 'h', url: 'https://review.example/h', title: `${TERM}集团发布新航线`, contentHtml: `<p>${TERM}集团今天宣布开通新航线，港口吞吐量有望提升。</p>`, publishedAt: now },
    { ...base, guid: 'r', url: 'https://review.example/r', title: '被扣下的标题', contentHtml: original.content_html, publishedAt: Number(original.published_at) - 3600_000 },
  ]);
  expect(res).toMatchObject({ held: 2, added: [] });
  const rows = await site.store.db.selectFrom('articles').select(['id', 'guid', 'story_id']).where('source_id', '=', source.id).where('status', '=', 'held').execute();
  held = rows.find((r) => r.guid === 'h')!.id;
  reprint = rows.find((r) => r.guid === 'r')!.id;
  expect(rows.find((r) => r.guid === 'r')!.story_id).toBe(storyId);

  // Everything that would put it in front of readers if it were published: featured, much read today.
  await repos.articles.setFeatured([held], true);
  await repos.articles.setViewCount(held, 1_000_000);
  const hour = Math.floor(now / 3_600_000);
  await site.store.db.insertInto('article_view_hours').values({ article_id: held, hour, views: 100_000 }).execute();
  await site.services.recommend.warm();
});
afterAll(() => site.close());

describe('a held article', () => {
  it('is in no public list, page, search, feed, sitemap, API answer, recommendation or hot list', async () => {
    const seen = await visibility(held);
    expect(Object.keys(seen).length).toBeGreaterThan(18);
    expect(Object.entries(seen).filter(([, shown]) => shown)).toEqual([]);
    expect(Object.entries(await visibility(reprint)).filter(([, shown]) => shown)).toEqual([]);
    // Nor can the console's 取消隐藏 publish it past the queue.
    await expect(site.services.admin.articles.setHidden(held, false, 'admin')).rejects.toMatchObject({ code: 'EDIT_INVALID' });
    for (const id of [held, reprint]) {
      expect((await site.app.request(`/a/${id}`)).status).toBe(404);
      expect((await site.app.request(`/api/v1/articles/${id}`)).status).toBe(404);
    }
  });

  it("lends its story neither its title nor a place among the media", async () => {
    const story = await fetchPage(site, `/story/${storyId}`);
    expect(story.html).not.toContain('被扣下的标题');
    expect(story.document.querySelector('h1')?.textContent).toBe(storyTitle);
    const api = (await (await site.app.request(`/api/v1/stories/${storyId}`)).json()) as { title: string };
    expect(api.title).toBe(storyTitle);
  });

  it('is everywhere a published article is once approved, search included', async () => {
    await site.services.review.approve([held], 'admin');
    await site.services.rank.refresh();
    const seen = await visibility(held);
    for (const path of ['/', '/c/tech', '/s/review-src', `/search?q=${encodeURIComponent(TERM)}`, '/feed.xml', '/atom.xml', '/feed.json', '/c/tech/feed.xml', '/s/review-src/feed.xml', '/sitemaps/news.xml', '/api/v1/articles', '/api/v1/search', '精彩推荐', 'hot']) {
      expect([path, seen[path]]).toEqual([path, true]);
    }
    expect(Object.entries(seen).some(([path, shown]) => /^\/sitemaps\/articles-\d+\.xml$/.test(path) && shown)).toBe(true);
    expect((await site.app.request(`/a/${held}`)).status).toBe(200);
    // The other one, rejected, stays out.
    await site.services.review.reject([reprint], 'admin');
    expect((await site.app.request(`/a/${reprint}`)).status).toBe(404);
    expect(Object.entries(await visibility(reprint)).filter(([, shown]) => shown)).toEqual([]);
  });
});
