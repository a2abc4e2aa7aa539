import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import type { FeedItem } from './item.js';
import { ingestItems } from './pipeline.js';

const NOW = Date.UTC(2026, 10, 27, 6);

const item = (over: Partial<FeedItem>): FeedItem => ({
  guid: 'g',
  url: 'https://src.example/news/1.html',
  title: '标题',
  author: undefined,
  summary: '',
  contentHtml: undefined,
  publishedAt: NOW - 3600_000,
  categories: [],
  ...over,
});

describe('ingestItems', () => {
  let store: Store;
  let repos: Repos;
  let source: Source;

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    const tech = await repos.categories.bySlug('tech');
    source = await repos.sources.upsert({ slug: 's', name: '源', site_url: null, feed_url: null, category_id: tech!.id, policy: 'full', enabled: 1, is_demo: 0, created_at: NOW });
  });
  afterEach(() => store.close());

  it('stores sanitized content with plain text, summary, lead image and plain-text title', async () => {
    const res = await ingestItems(repos, source, [
      item({
        title: '<b>加粗</b>标题',
        author: '<i>记者</i> 甲',
        contentHtml: '<h2>一、小节</h2><p onclick="x">第一段。</p><figure><img src="/p/1.jpg"><figcaption>资料图</figcaption></figure><script>bad()</script>',
      }),
    ], { now: NOW });
    expect(res.duplicates).toBe(0);
    const a = (await repos.articles.byId(res.added[0]!.id))!;
    expect(a.title).toBe('加粗标题');
    expect(a.author).toBe('记者 甲');
    expect(a.content_html).toBe('<h2>一、小节</h2><p>第一段。</p><figure><img loading="lazy" src="https://src.example/p/1.jpg" /><figcaption>资料图</figcaption></figure>');
    expect(a.content_text).toBe('一、小节\n第一段。\n资料图');
    expect(a.summary).toBe('一、小节 第一段。 资料图');
    expect(a.lead_image).toBe('https://src.example/p/1.jpg');
    expect(a.is_demo).toBe(0);
  });

  it('files by the feed\'s own category first, then the source\'s', async () => {
    const res = await ingestItems(repos, source, [
      item({ guid: 'a', url: 'https://src.example/a', categories: ['未知', '体育'] }),
      item({ guid: 'b', url: 'https://src.example/b', categories: ['未知'] }),
      item({ guid: 'c', url: 'https://src.example/c', categories: ['FINANCE'] }),
    ], { now: NOW });
    const cat = async (i: number) => (await repos.articles.byId(res.added[i]!.id))!.category_id;
    expect(await cat(0)).toBe((await repos.categories.bySlug('sports'))!.id);
    expect(await cat(1)).toBe(source.category_id);
    expect(await cat(2)).toBe((await repos.categories.bySlug('finance'))!.id);
  });

  it('uses the first-seen time for missing or far-future dates', async () => {
    const res = await ingestItems(repos, source, [item({ guid: 'none', url: 'https://src.example/none', publishedAt: undefined }), item({ guid: 'future', url: 'https://src.example/future', publishedAt: NOW + 86400_000 })], { now: NOW });
    for (const { id } of res.added) expect((await repos.articles.byId(id))!.published_at).toBe(NOW);
  });

  it('keeps only the summary for an excerpt-only source, and stores each guid once', async () => {
    const { id: _id, ...fields } = source;
    const excerpt = await repos.sources.upsert({ ...fields, slug: 'ex', policy: 'excerpt' });
    const full = item({ guid: 'x', summary: '<p>摘要 &amp; 要点</p>', contentHtml: '<p>全文不应出现</p>' });
    const first = await ingestItems(repos, excerpt, [full], { now: NOW });
    const a = (await repos.articles.byId(first.added[0]!.id))!;
    expect(a.content_html).toBe('<p>摘要 &amp; 要点</p>');
    expect(a.content_text).not.toContain('全文');
    const again = await ingestItems(repos, excerpt, [full], { now: NOW });
    expect(again).toEqual({ added: [], duplicates: 1, blocked: 0 });
  });

  it('stores an article once when a feed repeats its URL under another guid', async () => {
    const res = await ingestItems(repos, source, [item({ guid: 'a' }), item({ guid: 'b' })], { now: NOW });
    const again = await ingestItems(repos, source, [item({ guid: 'c' })], { now: NOW });
    expect([res.added.length, res.duplicates, again.added.length, again.duplicates]).toEqual([1, 1, 0, 1]);
  });

  it.each([
    ['empty text', '', ''],
    ['a title only', '只有标题没有正文', ''],
    ['another script', 'Ein Artikel auf Deutsch', '<p>Der Stadtrat hat heute den Haushalt beschlossen. Die Opposition kritisierte die Ausgaben.</p>'],
    ['text that segments into nothing', '……', '<p>，。！？、；：“”（）……——</p>'],
    ['5 MB of text', '超长正文', `<p>${'城市更新项目今天启动，居民代表参加了说明会。'.repeat(230_000)}</p>`],
  ])('stores an article with %s, whatever enrichment makes of it', async (_name, title, contentHtml) => {
    const res = await ingestItems(repos, source, [item({ guid: `bad-${title.length}-${contentHtml.length}`, url: `https://src.example/${contentHtml.length}`, title, contentHtml })], { now: NOW });
    expect(res.added.length).toBe(1);
    const stored = (await repos.articles.byId(res.added[0]!.id))!;
    expect(stored.story_id).not.toBeNull();
  });

  it('never stores a blocked URL', async () => {
    await repos.blockedUrls.add('https://src.example/news/gone.html', 'takedown');
    const res = await ingestItems(repos, source, [item({ guid: 'gone', url: 'https://src.example/news/gone.html' }), item({ guid: 'fine' })], { now: NOW });
    expect(res.blocked).toBe(1);
    expect(res.added.map((a) => a.guid)).toEqual(['fine']);
  });
});
