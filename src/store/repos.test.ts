import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './db.js';
import { assertSchemaCurrent, migrateToLatest, schemaStatus } from './migrate.js';
import { createRepos, type Repos } from './repos/index.js';
import type { NewArticle, Source } from './schema.js';
import { testDialects } from './testing.js';

// One suite, both dialects: SQLite always, PostgreSQL where reachable (required in CI).
const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `repositories on ${dialect.name} (skipped: ${dialect.skip})` : `repositories on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let source: Source;
    const t0 = Date.UTC(2026, 10, 20);

    const article = (over: Partial<NewArticle> & { guid: string }): NewArticle => ({
      source_id: source.id,
      category_id: null,
      url: `https://a.example/${over.guid}`,
      title: `标题 ${over.guid}`,
      author: null,
      summary: '摘要',
      content_html: '<p>正文</p>',
      content_text: '正文',
      lead_image: null,
      published_at: t0,
      created_at: t0,
      ...over,
    });

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      source = await repos.sources.upsert({ slug: 'src-a', name: '来源甲', site_url: 'https://a.example/', feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
    });
    afterEach(async () => {
      await store.close();
    });

    it('migrates to a current schema with the default categories and ad slots', async () => {
      await expect(assertSchemaCurrent(store)).resolves.toBeUndefined();
      expect(await migrateToLatest(store)).toEqual([]);
      const status = await schemaStatus(store);
      expect(status.pending).toEqual([]);
      expect(status.applied).toEqual(['0001_initial', '0002_ingestion', '0003_text', '0004_search', '0005_audience', '0006_admin', '0007_ads_rights', '0008_categories', '0009_editorial', '0010_paragraphs']);
      const categories = await repos.categories.list();
      expect(categories.map((c) => c.slug)).toEqual(['politics', 'world', 'society', 'finance', 'tech', 'sports', 'ent', 'autos', 'fashion', 'health']);
      expect((await repos.categories.bySlug('tech'))?.name).toBe('科技');
      expect(await repos.ads.slotId('article_top')).toBeTypeOf('number');
    });

    it('upserts sources by slug', async () => {
      const again = await repos.sources.upsert({ slug: 'src-a', name: '来源甲（新名）', site_url: null, feed_url: null, category_id: null, policy: 'excerpt', enabled: 1, is_demo: 0, created_at: t0 + 1 });
      expect(again.id).toBe(source.id);
      expect(again.name).toBe('来源甲（新名）');
      expect(again.policy).toBe('excerpt');
      expect(again.created_at).toBe(t0);
      expect((await repos.sources.list()).length).toBe(1);
    });

    it('stores an article once per source and guid', async () => {
      const id = await repos.articles.insertIfNew(article({ guid: 'g1' }));
      expect(id).toBeTypeOf('number');
      expect(await repos.articles.insertIfNew(article({ guid: 'g1', title: 'changed' }))).toBeUndefined();
      const stored = await repos.articles.byId(id!);
      expect(stored).toMatchObject({ title: '标题 g1', source_name: '来源甲', source_slug: 'src-a', status: 'published', view_count: 0, featured: 0 });
      expect(stored!.published_at).toBe(t0);
      expect(await repos.articles.byId(999_999)).toBeUndefined();
    });

    it('stores a batch in order, ids matched back past conflicts, repeats and rows with fewer columns', async () => {
      const before = (await repos.articles.insertIfNew(article({ guid: 'old' })))!;
      const many = Array.from({ length: 250 }, (_, i) => article({ guid: `m${i}` }));
      const ids = await repos.articles.insertManyIfNew([
        article({ guid: 'h1', status: 'held' }),
        article({ guid: 'old', title: 'again' }),
        article({ guid: 'p1', author: undefined }),
        article({ guid: 'p1', title: 'same guid, later in the batch' }),
        ...many,
      ]);
      expect(ids[1]).toBeUndefined();
      expect(ids[3]).toBeUndefined();
      const stored = [ids[0], ids[2], ...ids.slice(4)] as number[];
      expect(stored.every((id) => typeof id === 'number' && id > before)).toBe(true);
      // Arrival order: ids grow down the batch.
      expect(stored).toEqual([...stored].sort((a, b) => a - b));
      expect((await repos.articles.byId(ids[0]!))).toMatchObject({ guid: 'h1', status: 'held', view_count: 0 });
      // A column left undefined takes the table's default, not null.
      expect((await repos.articles.byId(ids[2]!))).toMatchObject({ guid: 'p1', title: '标题 p1', status: 'published', featured: 0, view_count: 0 });
      expect((await repos.articles.byId(ids.at(-1)!))?.guid).toBe('m249');
      expect((await repos.articles.byId(before))?.title).toBe('标题 old');
    });

    it('lists published articles newest first, filtered and paginated', async () => {
      const tech = (await repos.categories.bySlug('tech'))!.id;
      for (let i = 1; i <= 5; i++) {
        await repos.articles.insertIfNew(article({ guid: `n${i}`, published_at: t0 + i * 1000, category_id: i % 2 ? tech : null }));
      }
      await repos.articles.insertIfNew(article({ guid: 'hidden', published_at: t0 + 10_000, status: 'hidden' }));
      await repos.articles.insertIfNew(article({ guid: 'gone', published_at: t0 + 20_000, status: 'taken_down' }));
      const page1 = await repos.articles.latest({}, 2, 0);
      expect(page1.map((a) => a.title)).toEqual(['标题 n5', '标题 n4']);
      expect(page1[0]).toMatchObject({ source_name: '来源甲', source_slug: 'src-a', view_count: 0 });
      expect((await repos.articles.latest({}, 2, 4)).map((a) => a.title)).toEqual(['标题 n1']);
      expect(await repos.articles.count({})).toBe(5);
      expect(await repos.articles.count({ categoryId: tech })).toBe(3);
      expect((await repos.articles.latest({ categoryId: tech }, 10)).map((a) => a.title)).toEqual(['标题 n5', '标题 n3', '标题 n1']);
      expect(await repos.articles.count({ sourceId: source.id })).toBe(5);
    });

    it('lists a story once, by its earliest published article, when asked to', async () => {
      const first = (await repos.articles.insertIfNew(article({ guid: 'orig', published_at: t0 + 1000 })))!;
      const story = (await repos.stories.startMany([{ id: first, title: '标题 orig' }], t0)).get(first)!;
      await repos.articles.insertIfNew(article({ guid: 'reprint', published_at: t0 + 3000, story_id: story }));
      await repos.articles.insertIfNew(article({ guid: 'alone', published_at: t0 + 2000 }));
      const titles = async (onePerStory: boolean) => (await repos.articles.latest({ onePerStory }, 10)).map((a) => a.title);
      expect(await titles(false)).toEqual(['标题 reprint', '标题 alone', '标题 orig']);
      expect(await titles(true)).toEqual(['标题 alone', '标题 orig']);
      expect(await repos.articles.count({ onePerStory: true })).toBe(2);
      // The original taken down: its reprint now stands for the story.
      await store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', first).execute();
      expect(await titles(true)).toEqual(['标题 reprint', '标题 alone']);
    });

    it('reads view counts; featured are editors\' picks', async () => {
      const a = (await repos.articles.insertIfNew(article({ guid: 'a' })))!;
      await repos.articles.insertIfNew(article({ guid: 'b' }));
      expect(await repos.articles.viewCount(a)).toBe(0);
      await repos.articles.setViewCount(a, 50);
      expect(await repos.articles.viewCount(a)).toBe(50);
      expect(await repos.articles.viewCount(999_999)).toBeUndefined();
      await repos.articles.setFeatured([a], true);
      expect((await repos.articles.featured(5)).map((x) => x.id)).toEqual([a]);
    });

    it('leases due sources to one worker at a time, and records fetches', async () => {
      const make = (slug: string, next: number) =>
        repos.sources.upsert({ slug, name: slug, site_url: null, feed_url: `https://${slug}.example/feed`, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0, next_fetch_at: next });
      const a = await make('due-a', t0 - 2);
      const b = await make('due-b', t0 - 1);
      await make('later', t0 + 60_000);
      await repos.sources.setEnabled(source.id, false);
      // Three workers at once: each due source goes to exactly one of them.
      const claims = await Promise.all(['w1', 'w2', 'w3'].map((w) => repos.sources.claimDue(w, t0, 30_000, 1)));
      const claimed = claims.flat().map((s) => s.id).sort();
      expect(claimed).toEqual([a.id, b.id].sort());
      expect(claims.flat().every((s) => s.lease_until === t0 + 30_000)).toBe(true);
      expect(await repos.sources.claimDue('w4', t0 + 1000, 30_000, 10)).toEqual([]);
      // An expired lease is taken over.
      expect((await repos.sources.claimDue('w5', t0 + 31_000, 30_000, 10)).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());

      await repos.sources.recordFetch(a.id, { ok: false, at: t0, nextAt: t0 + 120_000, error: 'E_FETCH_TIMEOUT: fetch timed out' });
      await repos.sources.recordFetch(a.id, { ok: false, at: t0, nextAt: t0 + 240_000, error: 'E_FETCH_TIMEOUT: fetch timed out' });
      expect(await repos.sources.byId(a.id)).toMatchObject({ error_count: 2, last_error: 'E_FETCH_TIMEOUT: fetch timed out', next_fetch_at: t0 + 240_000, lease_owner: null, lease_until: null });
      await repos.sources.recordFetch(a.id, { ok: true, at: t0 + 5, nextAt: t0 + 1_800_000, etag: '"v1"', lastModified: null });
      expect(await repos.sources.byId(a.id)).toMatchObject({ error_count: 0, last_error: null, last_success_at: t0 + 5, etag: '"v1"' });

      await repos.articles.insertIfNew(article({ guid: 'counted', source_id: b.id }));
      const counts = Object.fromEntries((await repos.sources.listWithCounts()).map((s) => [s.slug, s.article_count]));
      expect(counts).toEqual({ 'due-a': 0, 'due-b': 1, later: 0, 'src-a': 0 });
      expect((await repos.sources.byFeedUrl('https://later.example/feed'))?.slug).toBe('later');
      expect(await repos.sources.slugsLike('due-')).toEqual(new Set(['due-a', 'due-b']));
    });

    it('remembers blocked URLs', async () => {
      await repos.blockedUrls.add('https://a.example/1', 'takedown #1', t0);
      await repos.blockedUrls.add('https://a.example/1', 'again', t0);
      expect(await repos.blockedUrls.blockedAmong(['https://a.example/1', 'https://a.example/2'])).toEqual(new Set(['https://a.example/1']));
      expect(await repos.blockedUrls.blockedAmong([])).toEqual(new Set());
    });

    it('keeps settings as key/value pairs', async () => {
      await repos.settings.set('site_name', '甲');
      await repos.settings.set('site_name', '乙');
      expect((await repos.settings.all()).get('site_name')).toBe('乙');
      expect(await repos.settings.delete('site_name')).toBe(true);
      expect(await repos.settings.delete('site_name')).toBe(false);
      expect((await repos.settings.all()).size).toBe(0);
    });

    it('selects ads by slot, switch and date window', async () => {
      const slot = (await repos.ads.slotId('article_top'))!;
      const base = { slot_id: slot, body_text: null, image_url: null, link_url: '/', weight: 1, enabled: 1, is_demo: 0, created_at: t0 };
      const always = await repos.ads.insert({ ...base, title: 'always', starts_at: null, ends_at: null });
      await repos.ads.insert({ ...base, title: 'off', starts_at: null, ends_at: null, enabled: 0 });
      await repos.ads.insert({ ...base, title: 'future', starts_at: t0 + 1000, ends_at: null });
      await repos.ads.insert({ ...base, title: 'past', starts_at: null, ends_at: t0 });
      const window = await repos.ads.insert({ ...base, title: 'window', starts_at: t0 - 1000, ends_at: t0 + 1000 });
      expect((await repos.ads.activeForSlot('article_top', t0)).map((a) => a.id)).toEqual([always.id, window.id]);
      expect(await repos.ads.activeForSlot('article_bottom', t0)).toEqual([]);
      expect(await repos.ads.deleteDemo()).toBe(0);
    });

    it('deletes demo sources with their articles, and demo ads', async () => {
      const demo = await repos.sources.upsert({ slug: 'demo', name: '示例', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 1, created_at: t0 });
      const kept = (await repos.articles.insertIfNew(article({ guid: 'real' })))!;
      const gone = (await repos.articles.insertIfNew(article({ guid: 'demo', source_id: demo.id, is_demo: 1 })))!;
      const slot = (await repos.ads.slotId('article_top'))!;
      await repos.ads.insert({ slot_id: slot, title: 'demo ad', body_text: null, image_url: null, link_url: '/', starts_at: null, ends_at: null, weight: 1, enabled: 1, is_demo: 1, created_at: t0 });
      expect(await repos.sources.deleteDemo()).toBe(1);
      expect(await repos.articles.byId(gone)).toBeUndefined();
      expect(await repos.articles.viewCount(gone)).toBeUndefined();
      expect(await repos.articles.viewCount(kept)).toBe(0);
      expect(await repos.articles.byId(kept)).toBeDefined();
      expect(await repos.ads.deleteDemo()).toBe(1);
    });
  });
}
