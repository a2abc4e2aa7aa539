import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { NEWS_WINDOW_MS, SyndicationService } from './syndication.js';

describe('SyndicationService', () => {
  let store: Store;
  let repos: Repos;
  let ids: number[];
  const now = Date.UTC(2026, 10, 27, 12);

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    const source = await repos.sources.upsert({ slug: 's', name: '源', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: 0 });
    const times = [now - NEWS_WINDOW_MS - 1, now - NEWS_WINDOW_MS, now - 1000];
    ids = (await repos.articles.insertManyIfNew(
      times.map((t, i) => ({ source_id: source.id, category_id: null, guid: `g${i}`, url: `https://s.example/${i}`, title: `t${i}`, author: null, summary: '', content_html: '', content_text: '', lead_image: null, published_at: t, created_at: t })),
    )) as number[];
  });
  afterEach(() => store.close());

  it('numbers article sitemaps from 1 by id range of the configured size', async () => {
    const service = new SyndicationService(repos, { sitemapSize: 2, now: () => now });
    expect((await service.sitemapBuckets()).map((b) => [b.bucket, b.count])).toEqual([[0, 2], [1, 1]]);
    expect((await service.sitemapArticles(1)).map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect((await service.sitemapArticles(2)).map((a) => a.id)).toEqual(ids.slice(2));
    expect(await service.sitemapArticles(3)).toEqual([]);
  });

  it('puts in the news sitemap what was published in the last 48 hours, the boundary included', async () => {
    const service = new SyndicationService(repos, { now: () => now });
    expect((await service.newsArticles()).map((a) => a.id)).toEqual([ids[2], ids[1]]);
  });
});
