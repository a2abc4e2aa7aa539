import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db.js';
import type { NewArticle, Source } from '../schema.js';
import { newArticle, testDialects } from '../testing.js';
import { createRepos, type Repos } from './index.js';

const dialects = await testDialects();
const HOUR = 3_600_000;

for (const dialect of dialects) {
  const title = dialect.skip ? `recommend repository on ${dialect.name} (skipped: ${dialect.skip})` : `recommend repository on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let source: Source;
    const t0 = Date.UTC(2026, 10, 20);

    const article = (guid: string, over: Partial<NewArticle> = {}) => newArticle(source.id, guid, t0, over);
    const insert = async (...rows: NewArticle[]) => (await repos.articles.insertManyIfNew(rows)) as number[];

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      source = await repos.sources.upsert({ slug: 'src-a', name: '来源甲', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
    });
    afterEach(async () => {
      await store.close();
    });

    it('reads hourly counts of published articles only, from the given hour on', async () => {
      const [a, b, hidden] = await insert(article('a'), article('b'), article('h', { status: 'hidden' }));
      const hour = Math.floor(t0 / HOUR);
      await store.db
        .insertInto('article_view_hours')
        .values([
          { article_id: a!, hour: hour - 3, views: 5 },
          { article_id: a!, hour, views: 7 },
          { article_id: b!, hour: hour - 1, views: 2 },
          { article_id: hidden!, hour, views: 99 },
        ])
        .execute();
      const rows = await repos.recommend.viewHoursSince(hour - 1);
      expect(rows.sort((x, y) => x.article_id - y.article_id)).toEqual([
        { article_id: a, hour, views: 7 },
        { article_id: b, hour: hour - 1, views: 2 },
      ]);
    });

    it('gives facts with the story size, and pages published articles by time', async () => {
      const ids = await insert(
        article('old', { published_at: t0 - 10 * HOUR }),
        article('x', { published_at: t0 }),
        article('y', { published_at: t0 }),
        article('z', { published_at: t0 + HOUR, status: 'taken_down' }),
      );
      const stories = await repos.stories.startMany([{ id: ids[1]!, title: 'x' }], t0);
      await repos.stories.join(stories.get(ids[1]!)!, { id: ids[2]!, title: 'y', published_at: t0 }, t0);
      await repos.articles.setViewCount(ids[1]!, 42);

      const facts = await repos.recommend.facts(ids);
      expect(facts.map((f) => f.id).sort((a, b) => a - b)).toEqual(ids.slice(0, 3));
      const x = facts.find((f) => f.id === ids[1])!;
      expect(x).toMatchObject({ title: '标题 x', view_count: 42, story_size: 2, source_id: source.id, published_at: t0 });
      expect(facts.find((f) => f.id === ids[0])!.story_size).toBe(1);

      const first = await repos.recommend.publishedSince(t0 - HOUR, undefined, 1);
      expect(first.map((f) => f.id)).toEqual([ids[1]]);
      const rest = await repos.recommend.publishedSince(t0 - HOUR, { publishedAt: t0, id: ids[1]! }, 10);
      expect(rest.map((f) => f.id)).toEqual([ids[2]]);
    });

    it("reads a visitor's history newest first, and everyone's reads page by page", async () => {
      const [a, b, c, d] = await insert(article('a'), article('b'), article('c'), article('d', { status: 'hidden' }));
      const read = (visitor_id: string, article_id: number, read_at: number) => ({ visitor_id, article_id, read_at });
      await store.db
        .insertInto('visitor_reads')
        .values([
          read('v1', a!, t0),
          read('v1', b!, t0 + 2),
          read('v1', d!, t0 + 3),
          read('v2', a!, t0),
          read('v2', b!, t0 + 1),
          read('v2', c!, t0 + 1),
          read('v3', a!, t0),
          read('v3', c!, t0 - 10 * HOUR),
          read('v4', c!, t0),
        ])
        .execute();
      expect(await repos.recommend.readsOf('v1', 10)).toEqual([
        { article_id: b, read_at: t0 + 2 },
        { article_id: a, read_at: t0 },
      ]);
      expect(await repos.recommend.readsOf('v1', 1)).toHaveLength(1);
      // All reads, a page at a time.
      const seen: string[] = [];
      let page = await repos.recommend.readsPage(undefined, 4);
      for (;;) {
        seen.push(...page.reads.map((r) => `${r.visitor_id}:${r.article_id}:${r.read_at - t0}`));
        if (!page.next) break;
        page = await repos.recommend.readsPage(page.next, 4);
      }
      expect(seen.sort()).toEqual(
        [`v1:${a}:0`, `v1:${b}:2`, `v1:${d}:3`, `v2:${a}:0`, `v2:${b}:1`, `v2:${c}:1`, `v3:${a}:0`, `v3:${c}:${-10 * HOUR}`, `v4:${c}:0`].sort(),
      );
    });

    it('gives keywords and cards by id, published only', async () => {
      const [a, hidden] = await insert(article('a', { category_id: null }), article('h', { status: 'hidden' }));
      await repos.text.insertKeywords([
        { article_id: a!, term: '芯片', weight: 0.5 },
        { article_id: a!, term: '手机', weight: 0.25 },
      ]);
      const kws = await repos.recommend.keywordsOf([a!, a!]);
      expect(kws.sort((x, y) => y.weight - x.weight)).toEqual([
        { article_id: a, term: '芯片', weight: 0.5 },
        { article_id: a, term: '手机', weight: 0.25 },
      ]);
      const cards = await repos.recommend.cards([a!, hidden!]);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ id: a, title: '标题 a', source_name: '来源甲', view_count: 0 });
    });
  });
}
