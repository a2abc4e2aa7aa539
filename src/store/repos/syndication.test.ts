import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db.js';
import type { ArticleStatus, Category, NewArticle, Source } from '../schema.js';
import { testDialects } from '../testing.js';
import { createRepos, type Repos } from './index.js';

const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `syndication repository on ${dialect.name} (skipped: ${dialect.skip})` : `syndication repository on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let a: Source;
    let b: Source;
    let tech: Category;
    const t0 = Date.UTC(2026, 10, 20);
    const HOUR = 3600_000;

    const article = (source: Source, n: number, over: Partial<NewArticle> = {}): NewArticle => ({
      source_id: source.id,
      category_id: null,
      guid: `${source.slug}-${n}`,
      url: `https://${source.slug}.example/${n}`,
      title: `标题 ${source.slug} ${n}`,
      author: null,
      summary: '摘要',
      content_html: '<p>正文</p>',
      content_text: '正文',
      lead_image: null,
      published_at: t0 + n * HOUR,
      created_at: t0 + n * HOUR,
      ...over,
    });
    const insert = async (rows: NewArticle[]) => (await repos.articles.insertManyIfNew(rows)) as number[];
    const setStatus = (id: number, status: ArticleStatus) => store.db.updateTable('articles').set({ status }).where('id', '=', id).execute();

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      const source = (slug: string, name: string) =>
        repos.sources.upsert({ slug, name, site_url: `https://${slug}.example/`, feed_url: `https://${slug}.example/rss`, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
      a = await source('src-a', '来源甲');
      b = await source('src-b', '来源乙');
      tech = (await repos.categories.bySlug('tech'))!;
    });
    afterEach(async () => {
      await store.close();
    });

    it('gives feeds the newest published articles with source and category, never hidden or taken-down ones', async () => {
      const [first, hidden, gone, last] = await insert([
        article(a, 1, { category_id: tech.id, author: '张三' }),
        article(a, 2),
        article(b, 3),
        article(b, 4, { category_id: tech.id }),
      ]);
      await setStatus(hidden!, 'hidden');
      await setStatus(gone!, 'taken_down');

      const all = await repos.syndication.latestForFeed({}, 50);
      expect(all.map((r) => r.id)).toEqual([last, first]);
      expect(all[1]).toMatchObject({
        title: '标题 src-a 1',
        url: 'https://src-a.example/1',
        author: '张三',
        source_name: '来源甲',
        source_slug: 'src-a',
        source_site_url: 'https://src-a.example/',
        source_feed_url: 'https://src-a.example/rss',
        category_slug: 'tech',
        category_name: tech.name,
        published_at: t0 + HOUR,
      });
      expect((await repos.syndication.latestForFeed({ sourceId: b.id }, 50)).map((r) => r.id)).toEqual([last]);
      expect((await repos.syndication.latestForFeed({ categoryId: tech.id }, 50)).map((r) => r.id)).toEqual([last, first]);
      expect((await repos.syndication.latestForFeed({}, 1)).map((r) => r.id)).toEqual([last]);
    });

    it('splits published articles into id ranges for sitemaps, leaving out empty ranges', async () => {
      const ids = await insert([1, 2, 3, 4, 5, 6, 7].map((n) => article(a, n)));
      // Ranges of 3 ids: [1-3] [4-6] [7-9]; the whole middle range is withdrawn.
      for (const id of ids.slice(3, 6)) await setStatus(id, 'taken_down');
      await setStatus(ids[0]!, 'hidden');
      const offset = ids[0]! - 1;
      expect(offset % 3).toBe(0);

      const buckets = await repos.syndication.sitemapBuckets(3);
      expect(buckets).toEqual([
        { bucket: offset / 3, count: 2, lastmod: t0 + 3 * HOUR },
        { bucket: offset / 3 + 2, count: 1, lastmod: t0 + 7 * HOUR },
      ]);
      const inFirst = await repos.syndication.sitemapArticles(offset + 1, offset + 3);
      expect(inFirst.map((r) => r.id)).toEqual([ids[1], ids[2]]);
      expect(await repos.syndication.sitemapArticles(offset + 4, offset + 6)).toEqual([]);
    });

    it('lists what was published since a time, newest first, and the listing pages with their newest article', async () => {
      const [, second, third, fourth] = await insert([article(a, 1), article(a, 2, { category_id: tech.id }), article(b, 3), article(b, 4)]);
      await setStatus(fourth!, 'taken_down');
      const recent = await repos.syndication.publishedSince(t0 + 2 * HOUR, 10);
      expect(recent.map((r) => r.id)).toEqual([third, second]);
      expect(recent[0]).toEqual({ id: third, title: '标题 src-b 3', published_at: t0 + 3 * HOUR });
      expect((await repos.syndication.publishedSince(t0, 1)).map((r) => r.id)).toEqual([third]);

      expect(await repos.syndication.categoryPages()).toEqual([{ slug: 'tech', lastmod: t0 + 2 * HOUR }]);
      expect(await repos.syndication.sourcePages()).toEqual([
        { slug: 'src-a', lastmod: t0 + 2 * HOUR },
        { slug: 'src-b', lastmod: t0 + 3 * HOUR },
      ]);
    });
  });
}
