import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { Fetcher } from './fetch/index.js';
import { discoverFeed, feedLinks } from './discover.js';
import { createSourceFetcher } from './fetch-source.js';
import { Scheduler } from './scheduler.js';
import { SourceService } from './sources.js';
import { fixture, startFixtureSite } from './testing.js';

describe('fetching a source end to end (local HTTP server)', () => {
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let base: string;
  let store: Store;
  let repos: Repos;
  let sources: SourceService;
  let fetcher: Fetcher;
  let scheduler: Scheduler;

  beforeAll(async () => {
    site = await startFixtureSite();
    base = site.url;
  });
  afterAll(() => site.close());

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    sources = new SourceService(repos);
    fetcher = new Fetcher({ politeness: { hostDelayMs: 0 } });
    scheduler = new Scheduler(repos, createSourceFetcher(repos, fetcher, { allowLoopback: true }));
  });
  afterEach(async () => {
    await fetcher.close();
    await store.close();
  });

  const titles = async (sourceId: number) =>
    (await store.db.selectFrom('articles').select(['title', 'url']).where('source_id', '=', sourceId).orderBy('url').execute());

  it('stores a feed, fetching the page of a summary-only item, and sanitizes hostile items', async () => {
    const source = await sources.add({ feedUrl: `${base}/feed.xml`, name: '本地测试站', category: 'society' });
    const [run] = await scheduler.runNow([source.id]);
    expect(run!.error).toBeUndefined();
    expect(run!.result).toMatchObject({ notModified: false, added: 3, duplicates: 0, etag: '"v1"' });

    const rows = await store.db.selectFrom('articles').selectAll().where('source_id', '=', source.id).orderBy('url').execute();
    const byPath = Object.fromEntries(rows.map((r) => [new URL(r.url).pathname, r]));
    expect(byPath['/news/full.html']!.content_text).toContain('全长四十二公里的城市绿道');
    const extracted = byPath['/news/summary.html']!;
    expect(extracted.content_text).toContain('书店保留了老宅的木结构和天井');
    expect(extracted.content_text).not.toContain('首页 | 新闻');
    // The headline and the byline line are shown by the article page itself, not repeated in the body.
    expect(extracted.content_text.startsWith('一家开在百年老宅里的书店')).toBe(true);
    expect(extracted.content_text).not.toContain('来源：');
    expect(extracted.author).toBe('周明');

    const xss = byPath['/news/xss.html']!;
    expect(xss.title).toBe('恶意标题');
    expect(xss.content_html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    expect(await repos.sources.byId(source.id)).toMatchObject({ error_count: 0, last_error: null, etag: '"v1"' });
  });

  it('costs nothing on an unchanged feed (304)', async () => {
    const source = await sources.add({ feedUrl: `${base}/feed.xml`, name: '本地测试站' });
    await scheduler.runNow([source.id]);
    const [again] = await scheduler.runNow([source.id]);
    expect(again!.result).toEqual({ notModified: true, added: 0, duplicates: 0, blocked: 0, etag: '"v1"', lastModified: null });
  });

  it('reads a GBK feed that declares gb2312 with no U+FFFD', async () => {
    const source = await sources.add({ feedUrl: `${base}/gbk.xml`, name: 'GBK 站', policy: 'excerpt' });
    const [run] = await scheduler.runNow([source.id]);
    expect(run!.result!.added).toBe(3);
    const rows = await titles(source.id);
    expect(rows.map((r) => r.title)).toContain('全文条目：城市绿道全线贯通');
    expect(rows.every((r) => !r.title.includes('\uFFFD'))).toBe(true);
  });

  it('stores a failing feed\'s error on the source and keeps going', async () => {
    const broken = await sources.add({ feedUrl: `${base}/broken.xml`, name: '坏源' });
    const good = await sources.add({ feedUrl: `${base}/feed.xml`, name: '好源' });
    const runs = await scheduler.runNow();
    expect(runs.map((r) => [r.source.id, r.error ?? 'ok'])).toEqual([
      [broken.id, expect.stringMatching(/^E_FETCH_HTTP_STATUS: .*500/)],
      [good.id, 'ok'],
    ]);
    expect((await repos.sources.byId(broken.id))!.error_count).toBe(1);
  });

  it('finds the feed behind a site\'s home page, or takes a feed URL as it is', async () => {
    expect(await feedLinks(fixture('home.html').toString(), 'https://site.example/')).toEqual(['https://site.example/feed.xml', 'https://other.example/atom.xml']);
    const fromHome = await discoverFeed(`${base}/`, fetcher, { allowLoopback: true });
    expect(fromHome.feedUrl).toBe(`${base}/feed.xml`);
    expect(fromHome.feed.title).toBe('本地测试站');
    expect((await discoverFeed(`${base}/feed.xml`, fetcher, { allowLoopback: true })).feed.items.length).toBe(3);
    await expect(discoverFeed(`${base}/plain.html`, fetcher, { allowLoopback: true })).rejects.toThrow(/is not a feed and its page links to none/);
  });

  it('never stores a blocked URL again', async () => {
    await repos.blockedUrls.add(`${base}/news/full.html`, 'takedown');
    const source = await sources.add({ feedUrl: `${base}/feed.xml`, name: '本地测试站' });
    const [run] = await scheduler.runNow([source.id]);
    expect(run!.result).toMatchObject({ added: 2, blocked: 1 });
  });
});
