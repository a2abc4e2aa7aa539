import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reason } from '../../filters/types.js';
import type { Store } from '../db.js';
import type { NewArticle, Source } from '../schema.js';
import { newArticle, testDialects } from '../testing.js';
import { createRepos, type Repos } from './index.js';

// The filter and review repositories, on both dialects.
const dialects = await testDialects();
const T0 = Date.UTC(2026, 10, 27);
const REASON: Reason = { kind: 'rule', id: 1, label: '规则「广告」', terms: ['广告'] };

for (const dialect of dialects) {
  const title = dialect.skip ? `filter and review repositories on ${dialect.name} (skipped: ${dialect.skip})` : `filter and review repositories on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let source: Source;

    const article = (guid: string, over: Partial<NewArticle> = {}) => newArticle(source.id, guid, T0, over);

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      source = await repos.sources.upsert({ slug: 'src-a', name: '来源甲', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: T0 });
    });
    afterEach(() => store.close());

    it('stores, updates and deletes rules and replacements, global or per source', async () => {
      const rule = await repos.filters.insertRule({ sourceId: null, action: 'block', field: 'title', match: 'keywords', pattern: '广告\n推广', note: '广告', ignoreCase: false, enabled: true }, T0);
      expect(rule).toMatchObject({ sourceId: null, action: 'block', pattern: '广告\n推广', ignoreCase: false, enabled: true });
      const updated = await repos.filters.updateRule(rule.id, { ...rule, sourceId: source.id, match: 'regex', pattern: '^a+$', ignoreCase: true, enabled: false }, T0 + 1);
      expect(updated).toMatchObject({ id: rule.id, sourceId: source.id, match: 'regex', ignoreCase: true, enabled: false });
      expect(await repos.filters.updateRule(999, rule, T0)).toBeUndefined();
      const rep = await repos.filters.insertReplacement({ sourceId: null, find: '旧词', replace: '新词', enabled: true }, T0);
      expect(await repos.filters.replacement(rep.id)).toEqual(rep);
      expect(await repos.filters.all()).toEqual({ rules: [updated], replacements: [rep], lists: [] });
      expect(await repos.filters.deleteRule(rule.id)).toBe(true);
      expect(await repos.filters.deleteRule(rule.id)).toBe(false);
      expect(await repos.filters.deleteReplacement(rep.id)).toBe(true);
      expect(await repos.filters.all()).toEqual({ rules: [], replacements: [], lists: [] });
    });

    it("drops a source's rules with the source", async () => {
      await repos.filters.insertRule({ sourceId: source.id, action: 'hold', field: 'any', match: 'keywords', pattern: 'x', note: '', ignoreCase: false, enabled: true }, T0);
      await repos.filters.insertReplacement({ sourceId: source.id, find: 'a', replace: 'b', enabled: true }, T0);
      await store.db.deleteFrom('sources').where('id', '=', source.id).execute();
      expect(await repos.filters.all()).toEqual({ rules: [], replacements: [], lists: [] });
    });

    it('saves a list whole (words, count), replaces it, summarizes it without its words', async () => {
      const created = await repos.filters.saveList(undefined, { name: '政治', action: 'hold', enabled: true, words: ['甲', '乙', '丙'] }, T0);
      expect(created).toEqual({ id: created!.id, name: '政治', action: 'hold', enabled: true, wordCount: 3 });
      expect((await repos.filters.list(created!.id))!.words).toEqual(['甲', '乙', '丙']);
      const replaced = await repos.filters.saveList(created!.id, { name: '政治', action: 'block', enabled: false, words: ['丁'] }, T0 + 1);
      expect(replaced).toMatchObject({ action: 'block', enabled: false, wordCount: 1 });
      expect(await repos.filters.list(created!.id)).toEqual({ id: created!.id, name: '政治', action: 'block', enabled: false, words: ['丁'] });
      expect(await repos.filters.listIdByName('政治')).toBe(created!.id);
      expect(await repos.filters.saveList(999, { name: 'x', action: 'hold', enabled: true, words: ['x'] }, T0)).toBeUndefined();
      await expect(repos.filters.saveList(undefined, { name: '政治', action: 'hold', enabled: true, words: ['x'] }, T0)).rejects.toThrow();
      expect(await repos.filters.listSummaries()).toEqual([replaced]);
      expect(await repos.filters.deleteList(created!.id)).toBe(true);
      expect(await repos.filters.listSummaries()).toEqual([]);
    });

    it('remembers dropped items per source and URL until cleared', async () => {
      const item = { sourceId: source.id, url: 'https://a.example/1', guid: 'g1', title: '广告', reasons: [REASON] };
      await repos.filters.recordFiltered([item, { ...item, url: 'https://a.example/2', guid: 'g2' }], T0);
      await repos.filters.recordFiltered([item], T0 + 1);
      expect(await repos.filters.filteredAmong(source.id, ['https://a.example/1', 'https://a.example/3'])).toEqual(new Set(['https://a.example/1']));
      const recent = await repos.filters.recentFiltered(10);
      expect(recent.map((r) => r.url)).toEqual(['https://a.example/1', 'https://a.example/2']);
      expect(recent[0]).toEqual({ sourceId: source.id, sourceName: '来源甲', url: 'https://a.example/1', guid: 'g1', title: '广告', reasons: [REASON], at: T0 });
      await repos.filters.clearFiltered();
      expect(await repos.filters.filteredAmong(source.id, ['https://a.example/1'])).toEqual(new Set());
    });

    it('gives a dry run the newest stored articles, rejected ones left out', async () => {
      const ids = await repos.articles.insertManyIfNew([article('a'), article('b', { status: 'held' }), article('c', { status: 'rejected' }), article('d', { status: 'hidden' })]);
      const newest = await repos.filters.newestArticles(10);
      expect(newest.map((a) => a.id)).toEqual([ids[3], ids[1], ids[0]]);
      expect(newest[0]).toMatchObject({ source_id: source.id, source_name: '来源甲', title: '标题 d', content_text: '正文', content_html: '<p>正文</p>' });
      expect((await repos.filters.newestArticles(1)).map((a) => a.id)).toEqual([ids[3]]);
    });

    it('queues held articles oldest first, with their reasons, by source', async () => {
      const other = await repos.sources.upsert({ slug: 'src-b', name: '来源乙', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: T0 });
      const ids = (await repos.articles.insertManyIfNew([
        article('h1', { status: 'held' }),
        article('h2', { status: 'held', source_id: other.id }),
        article('p1'),
        article('h3', { status: 'held' }),
      ])) as number[];
      await repos.review.hold([{ articleId: ids[1]!, reasons: [REASON] }], T0);
      await repos.review.hold([{ articleId: ids[0]!, reasons: [] }, { articleId: ids[3]!, reasons: [REASON] }], T0 + 1000);
      const page = await repos.review.page(10, 0);
      expect(page.map((a) => a.id)).toEqual([ids[1], ids[0], ids[3]]);
      expect(page[0]).toEqual({ id: ids[1], title: '标题 h2', sourceId: other.id, sourceName: '来源乙', url: 'https://a.example/h2', summary: '摘要', text: '正文', heldAt: T0, reasons: [REASON] });
      expect(await repos.review.count()).toBe(3);
      expect(await repos.review.count(source.id)).toBe(2);
      expect((await repos.review.page(1, 1, source.id)).map((a) => a.id)).toEqual([ids[3]]);
      expect(await repos.review.detail(ids[3]!)).toMatchObject({ status: 'held', contentHtml: '<p>正文</p>', author: null, reasons: [REASON] });
      expect(await repos.review.detail(999_999)).toBeUndefined();
    });

    it('decides all or none: a list with an article not held changes nothing', async () => {
      const ids = (await repos.articles.insertManyIfNew([article('h1', { status: 'held' }), article('h2', { status: 'held' }), article('p1')])) as number[];
      await repos.review.hold(ids.slice(0, 2).map((articleId) => ({ articleId, reasons: [REASON] })), T0);
      expect(await repos.review.decide([ids[0]!, ids[2]!], 'published')).toEqual({ notHeld: [ids[2]] });
      expect((await repos.articles.byId(ids[0]!))!.status).toBe('held');
      expect(await repos.review.count()).toBe(2);

      expect(await repos.review.decide([ids[0]!], 'published')).toEqual({ notHeld: [] });
      expect(await repos.review.decide([ids[1]!, ids[1]!], 'rejected')).toEqual({ notHeld: [] });
      expect((await repos.articles.byId(ids[0]!))!.status).toBe('published');
      expect((await repos.articles.byId(ids[1]!))!.status).toBe('rejected');
      expect(await store.db.selectFrom('article_holds').selectAll().execute()).toEqual([]);
      expect(await repos.review.decide([ids[0]!], 'rejected')).toEqual({ notHeld: [ids[0]] });
    });

    it('edits only a held article', async () => {
      const [held, published] = (await repos.articles.insertManyIfNew([article('h', { status: 'held' }), article('p')])) as number[];
      const edit = { title: '新标题', content_html: '<p>新正文</p>', content_text: '新正文', summary: '新正文', lead_image: null };
      expect(await repos.review.edit(held!, edit)).toBe(true);
      expect(await repos.articles.byId(held!)).toMatchObject({ title: '新标题', content_text: '新正文', status: 'held' });
      expect(await repos.review.edit(published!, edit)).toBe(false);
      expect((await repos.articles.byId(published!))!.title).toBe('标题 p');
    });

    it("marks a source's new articles for review", async () => {
      expect(source.requires_review).toBe(0);
      await repos.sources.setRequiresReview(source.id, true);
      expect((await repos.sources.byId(source.id))!.requires_review).toBe(1);
    });
  });
}
