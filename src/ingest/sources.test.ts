import { readFileSync } from 'node:fs';
import { parseOpml } from 'feedsmith';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRedianError } from '../errors.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { exportOpml, importOpml } from './opml.js';
import { SourceService } from './sources.js';

describe('SourceService and OPML', () => {
  let store: Store;
  let repos: Repos;
  let sources: SourceService;
  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    sources = new SourceService(repos);
  });
  afterEach(() => store.close());

  it('adds a source with a slug from its host, due for a first fetch at once', async () => {
    const now = 1_800_000_000_000;
    const s = await sources.add({ feedUrl: 'https://www.news.example.com/rss.xml', name: ' 新闻网 ', category: '科技', policy: 'excerpt' }, now);
    expect(s).toMatchObject({ slug: 'news-example-com', name: '新闻网', site_url: 'https://www.news.example.com/', policy: 'excerpt', enabled: 1, next_fetch_at: now, fetch_interval_minutes: 30, respect_robots: 1 });
    expect(s.category_id).toBe((await repos.categories.bySlug('tech'))!.id);
    const second = await sources.add({ feedUrl: 'https://news.example.com/other.xml', name: '新闻网 2' });
    expect(second.slug).toBe('news-example-com-2');
    expect((await sources.list()).map((x) => [x.slug, x.article_count])).toEqual([['news-example-com', 0], ['news-example-com-2', 0]]);
  });

  it.each([
    [{ feedUrl: 'ftp://x.example/feed', name: 'x' }, 'SOURCE_INVALID', 'absolute http(s) URL'],
    [{ feedUrl: 'https://x.example/feed', name: '' }, 'SOURCE_INVALID', 'name must not be empty'],
    [{ feedUrl: 'https://x.example/feed', name: 'x', policy: 'all' as never }, 'SOURCE_INVALID', 'policy must be one of full, excerpt'],
    [{ feedUrl: 'https://x.example/feed', name: 'x', fetchIntervalMinutes: 1 }, 'SOURCE_INVALID', 'at least 5 minutes'],
    [{ feedUrl: 'https://x.example/feed', name: 'x', category: 'weather' }, 'CATEGORY_UNKNOWN', 'known: politics (时政)'],
  ])('refuses %o', async (input, code, message) => {
    const err = await sources.add(input).catch((e: unknown) => e);
    expect(isRedianError(err, code as 'SOURCE_INVALID')).toBe(true);
    expect((err as Error).message).toContain(message);
    expect(await sources.list()).toEqual([]);
  });

  it('refuses a feed that is already a source', async () => {
    await sources.add({ feedUrl: 'https://x.example/feed', name: 'x' });
    await expect(sources.add({ feedUrl: 'https://x.example/feed', name: 'y' })).rejects.toThrow(/already exists.*"x"/);
  });

  it('imports OPML with categories from folders or attributes, and reports what it skipped', async () => {
    const result = await importOpml(sources, readFileSync(new URL('./testdata/sources.opml', import.meta.url), 'utf8'));
    const byName = Object.fromEntries(result.added.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(['极客日报', '芯片周刊', '无名小站']);
    expect(byName['极客日报']!.category_id).toBe((await repos.categories.bySlug('tech'))!.id);
    expect(byName['芯片周刊']!.category_id).toBe((await repos.categories.bySlug('finance'))!.id);
    expect(byName['无名小站']!.category_id).toBeNull();
    expect(result.skipped.map((s) => s.feedUrl)).toEqual(['javascript:alert(1)', 'https://geek.example/feed.xml']);
    expect(result.skipped[1]!.reason).toMatch(/^E_SOURCE_EXISTS/);
  });

  it('refuses a file that is not OPML', async () => {
    await expect(importOpml(sources, '<html><body>no</body></html>')).rejects.toThrow(/OPML could not be read/);
  });

  it('exports OPML that imports back to the same sources', async () => {
    await importOpml(sources, readFileSync(new URL('./testdata/sources.opml', import.meta.url), 'utf8'));
    const xml = exportOpml(await repos.sources.list(), await repos.categories.list(), '热点 订阅');
    const folders = (parseOpml(xml) as { body: { outlines: Array<{ text: string; outlines?: Array<{ xmlUrl: string }> ; xmlUrl?: string }> } }).body.outlines;
    expect(folders.map((f) => f.text)).toEqual(['财经', '科技', '无名小站']);

    const other = await openStore({ url: ':memory:' });
    await migrateToLatest(other);
    try {
      const again = await importOpml(new SourceService(createRepos(other)), xml);
      expect(again.skipped).toEqual([]);
      expect(again.added.map((s) => s.feed_url).sort()).toEqual(['https://chips.example/rss', 'https://geek.example/feed.xml', 'https://small.example/atom.xml']);
    } finally {
      await other.close();
    }
  });
});
