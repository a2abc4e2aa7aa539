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

  it('files by the source\'s category first, then the feed\'s own categories (mapped), then for auto sources the classifier', async () => {
    const slug = async (id: number | undefined) => {
      const categoryId = (await repos.articles.byId(id!))!.category_id;
      return (await repos.categories.list()).find((c) => c.id === categoryId)?.slug ?? null;
    };
    const { id: _id, ...fields } = source;
    const plain = await repos.sources.upsert({ ...fields, slug: 'plain', category_id: null });
    const auto = await repos.sources.upsert({ ...fields, slug: 'auto', category_id: null, auto_category: 1 });
    const sportsBody = '<p>联赛第28轮，主队下半场连进两球，以2比1逆转客队。前锋梅开二度，门将多次扑救，球队积分升至联赛第二。</p>';
    const techBody = '<p>人工智能企业发布新一代大模型，芯片算力提升，手机和电脑厂商将接入新的智能助手，开发者可申请接口。</p>';

    // A source with a category files everything there, whatever the feed says.
    const filed = await ingestItems(repos, source, [item({ guid: 'f1', url: 'https://src.example/f1', categories: ['体育'], contentHtml: sportsBody })], { now: NOW });
    expect(await slug(filed.added[0]?.id)).toBe('tech');

    // Without one, the feed's own words: a site category by name or slug, or a common section name.
    const tagged = await ingestItems(repos, plain, [
      item({ guid: 'p1', url: 'https://src.example/p1', categories: ['未知', '体育'] }),
      item({ guid: 'p2', url: 'https://src.example/p2', categories: ['FINANCE'] }),
      item({ guid: 'p3', url: 'https://src.example/p3', categories: ['国际新闻'] }),
      item({ guid: 'p4', url: 'https://src.example/p4', categories: ['Ｔｅｃｈｎｏｌｏｇｙ'] }),
      item({ guid: 'p5', url: 'https://src.example/p5', categories: ['房产'] }),
      item({ guid: 'p6', url: 'https://src.example/p6', categories: ['未知'], contentHtml: sportsBody }),
    ], { now: NOW });
    expect(await Promise.all(tagged.added.map((a) => slug(a.id)))).toEqual(['sports', 'finance', 'world', 'tech', 'finance', null]);

    // An auto source: the feed's words still first, then the classifier; nothing to go on, unfiled.
    const classified = await ingestItems(repos, auto, [
      item({ guid: 'a1', url: 'https://src.example/a1', title: '科技前沿', categories: ['体育'], contentHtml: techBody }),
      item({ guid: 'a2', url: 'https://src.example/a2', title: '主队主场逆转 前锋梅开二度', contentHtml: sportsBody }),
      item({ guid: 'a3', url: 'https://src.example/a3', title: '大模型新版本发布 人工智能芯片算力提升', contentHtml: techBody }),
      item({ guid: 'a4', url: 'https://src.example/a4', title: 'Привет', contentHtml: '<p>Мир труд май</p>' }),
    ], { now: NOW });
    expect(await Promise.all(classified.added.map((a) => slug(a.id)))).toEqual(['sports', 'sports', 'tech', null]);
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
    expect(again).toEqual({ added: [], duplicates: 1, blocked: 0, filtered: 0, held: 0 });
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
