import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ruleDraft } from '../filters/testing.js';
import { AuditService } from '../audit/audit.js';
import { LocalBus } from '../cluster/bus.js';
import { FilterService } from '../filters/service.js';
import type { Reason } from '../filters/types.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { testDialects } from '../store/testing.js';
import type { FeedItem } from './item.js';
import { ingestItems } from './pipeline.js';

// Each kind of editorial rule through the real pipeline (issue 7), on both dialects.
const dialects = await testDialects();
const NOW = Date.UTC(2026, 10, 27, 6);
const EDITOR = 'editor';

let n = 0;
const item = (over: Partial<FeedItem>): FeedItem => {
  n++;
  return {
    guid: `g${n}`,
    url: `https://src.example/news/${n}.html`,
    title: `江州港口新闻 ${n}`,
    author: '记者甲',
    summary: '',
    contentHtml: '<p>江州港口集装箱吞吐量同比增长。</p>',
    publishedAt: NOW - 3600_000,
    categories: [],
    ...over,
  };
};

const rule = ruleDraft;

for (const dialect of dialects) {
  const title = dialect.skip ? `editorial rules in the pipeline on ${dialect.name} (skipped: ${dialect.skip})` : `editorial rules in the pipeline on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let filters: FilterService;
    let source: Source;
    let other: Source;

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      filters = new FilterService(repos, new AuditService(repos.audit), new LocalBus());
      const fields = { site_url: null, feed_url: null, category_id: null, policy: 'full' as const, enabled: 1, is_demo: 0, created_at: NOW };
      source = await repos.sources.upsert({ slug: 'a', name: '来源甲', ...fields });
      other = await repos.sources.upsert({ slug: 'b', name: '来源乙', ...fields });
    });
    afterEach(() => store.close());

    /** Ingests through the compiled rules ingestion uses (FilterService.compiled()). */
    const ingest = async (s: Source, items: FeedItem[]) => ingestItems(repos, s, items, { now: NOW, rules: await filters.compiled() });
    const stored = (url: string) => store.db.selectFrom('articles').selectAll().where('url', '=', url).executeTakeFirst();
    const filteredRow = async (url: string) => {
      const row = await store.db.selectFrom('filtered_items').selectAll().where('url', '=', url).executeTakeFirst();
      return row && { ...row, reasons: JSON.parse(row.reasons_json) as Reason[] };
    };
    const holdOf = async (id: number) => {
      const row = await store.db.selectFrom('article_holds').selectAll().where('article_id', '=', id).executeTakeFirst();
      return row && (JSON.parse(row.reasons_json) as Reason[]);
    };
    const counts = (r: Awaited<ReturnType<typeof ingest>>) => ({ added: r.added.length, duplicates: r.duplicates, blocked: r.blocked, filtered: r.filtered, held: r.held });

    it('a block keyword rule on the title drops the item and records why; the rest is stored', async () => {
      const saved = await filters.saveRule(rule({ pattern: '广告\n推广', note: '广告' }), EDITOR);
      const ad = item({ title: '【推广】江州港口优惠' });
      const fine = item({});
      const res = await ingest(source, [ad, fine]);
      expect(counts(res)).toEqual({ added: 1, duplicates: 0, blocked: 0, filtered: 1, held: 0 });
      expect(await stored(ad.url)).toBeUndefined();
      expect(await stored(fine.url)).toMatchObject({ status: 'published' });
      const row = await filteredRow(ad.url);
      expect(row).toMatchObject({ source_id: source.id, guid: ad.guid, title: '【推广】江州港口优惠' });
      expect(row!.reasons).toEqual([expect.objectContaining({ kind: 'rule', id: saved.id, terms: ['推广'] })]);
    });

    it('keywords match case- and width-insensitively', async () => {
      await filters.saveRule(rule({ pattern: 'promo' }), EDITOR);
      const res = await ingest(source, [item({ title: 'ＰＲＯＭＯ 江州港口' }), item({ title: 'Promo 江州港口' })]);
      expect(counts(res)).toMatchObject({ added: 0, filtered: 2 });
    });

    it('a block regex on the text', async () => {
      const saved = await filters.saveRule(rule({ field: 'text', match: 'regex', pattern: '第\\d+期开奖' }), EDITOR);
      const lottery = item({ title: '江州新闻', contentHtml: '<p>本站第123期开奖结果公布。</p>' });
      const titleOnly = item({ title: '第9期开奖', contentHtml: '<p>无关正文。</p>' });
      const res = await ingest(source, [lottery, titleOnly]);
      expect(counts(res)).toMatchObject({ added: 1, filtered: 1 });
      expect((await filteredRow(lottery.url))!.reasons).toEqual([expect.objectContaining({ kind: 'rule', id: saved.id, terms: ['第123期开奖'] })]);
      expect(await stored(titleOnly.url)).toMatchObject({ status: 'published' });
    });

    it('a pattern that would backtrack catastrophically cannot stall ingestion', async () => {
      // With a backtracking engine, 40 a's and a "!" against (a+)+$ would take days.
      await filters.saveRule(rule({ field: 'text', match: 'regex', pattern: '(a+)+$' }), EDITOR);
      const evil = item({ contentHtml: `<p>${'a'.repeat(40)}!</p>` });
      const matching = item({ contentHtml: `<p>${'a'.repeat(40)}</p>` });
      const res = await ingest(source, [evil, matching]);
      expect(counts(res)).toMatchObject({ added: 1, filtered: 1 });
      expect(await stored(evil.url)).toMatchObject({ status: 'published' });
    });

    it('an author rule and a URL rule', async () => {
      await filters.saveRule(rule({ field: 'author', pattern: '营销号' }), EDITOR);
      await filters.saveRule(rule({ field: 'url', pattern: '/promo/' }), EDITOR);
      const byAuthor = item({ author: '某营销号小编' });
      const byUrl = item({ url: 'https://src.example/promo/1.html' });
      // Neither field is "any": the same words in the title do not match.
      const inTitle = item({ title: '营销号与 /promo/ 的故事' });
      const res = await ingest(source, [byAuthor, byUrl, inTitle]);
      expect(counts(res)).toMatchObject({ added: 1, filtered: 2 });
      expect((await filteredRow(byAuthor.url))!.reasons[0]!.terms).toEqual(['营销号']);
      expect((await filteredRow(byUrl.url))!.reasons[0]!.terms).toEqual(['/promo/']);
      expect(await stored(inTitle.url)).toMatchObject({ status: 'published' });
    });

    it('keep rules: global ones apply to every source, a source\'s own only to it', async () => {
      const global = await filters.saveRule(rule({ action: 'keep', field: 'any', pattern: '江州' }), EDITOR);
      const mine = await filters.saveRule(rule({ action: 'keep', sourceId: source.id, pattern: '港口' }), EDITOR);
      const neither = item({ title: '别处新闻', contentHtml: '<p>与本地无关。</p>' });
      const jiangzhouOnly = item({ title: '江州天气', contentHtml: '<p>晴。</p>' });
      const port = item({ title: '港口新闻', contentHtml: '<p>晴。</p>' });
      const res = await ingest(source, [neither, jiangzhouOnly, port]);
      // With keep rules an item is kept when any of them matches.
      expect(counts(res)).toMatchObject({ added: 2, filtered: 1 });
      expect((await filteredRow(neither.url))!.reasons).toEqual([expect.objectContaining({ kind: 'keep', id: null })]);
      // The other source has only the global keep rule.
      const elsewhere = item({ title: '港口新闻', contentHtml: '<p>晴。</p>' });
      const res2 = await ingest(other, [elsewhere, item({ title: '江州港口' })]);
      expect(counts(res2)).toMatchObject({ added: 1, filtered: 1 });
      expect(await stored(elsewhere.url)).toBeUndefined();
      expect([global.sourceId, mine.sourceId]).toEqual([null, source.id]);
    });

    it('a hold rule stores the item held, with its reasons, out of the search index', async () => {
      const saved = await filters.saveRule(rule({ action: 'hold', field: 'any', pattern: '事故', note: '突发' }), EDITOR);
      const accident = item({ title: '江州港口发生事故', contentHtml: '<p>港口发生事故，伤亡不明。</p>' });
      const res = await ingest(source, [accident, item({})]);
      expect(counts(res)).toEqual({ added: 1, duplicates: 0, blocked: 0, filtered: 0, held: 1 });
      const row = (await stored(accident.url))!;
      expect(row).toMatchObject({ status: 'held', title: '江州港口发生事故', content_text: '港口发生事故，伤亡不明。' });
      expect(res.added.map((a) => a.id)).not.toContain(row.id);
      expect(await holdOf(row.id)).toEqual([expect.objectContaining({ kind: 'rule', id: saved.id, terms: ['事故'] })]);
      // Enriched like any other (keywords, fingerprint, story), but not searchable.
      expect(row.story_id).not.toBeNull();
      expect(await repos.search.count(['事故'])).toBe(0);
      expect(await repos.search.count(['港口'])).toBe(1);
      expect(await repos.filters.recentFiltered(10)).toEqual([]);
    });

    it('word replacement in title and text nodes (global and the source\'s), never in URLs or attributes', async () => {
      await filters.saveReplacement({ sourceId: null, find: '旧称', replace: '正式名称', enabled: true }, EDITOR);
      await filters.saveReplacement({ sourceId: source.id, find: '扩建', replace: '改扩建', enabled: true }, EDITOR);
      await filters.saveReplacement({ sourceId: other.id, find: '港口', replace: '码头', enabled: true }, EDITOR);
      const it1 = item({
        title: '旧称港口扩建',
        contentHtml: '<p>旧称将扩建。<a href="https://x.example/旧称?q=旧称" title="旧称">旧称链接</a><img src="https://x.example/旧称.jpg" alt="旧称"></p><!-- 旧称 -->',
      });
      await ingest(source, [it1]);
      const row = (await stored(it1.url))!;
      // One pass: a replacement's output is not replaced again (改扩建 keeps its 扩建).
      expect(row.title).toBe('正式名称港口改扩建');
      expect(row.content_text).toBe('正式名称将改扩建。正式名称链接');
      // The sanitizer percent-encodes URLs: these still spell 旧称 (%E6%97%A7%E7%A7%B0), untouched.
      expect(row.content_html).toContain('href="https://x.example/%E6%97%A7%E7%A7%B0?q=%E6%97%A7%E7%A7%B0"');
      expect(row.content_html).toContain('title="旧称"');
      expect(row.content_html).toContain('alt="旧称"');
      expect(row.content_html).toContain('src="https://x.example/%E6%97%A7%E7%A7%B0.jpg"');
      expect(row.content_html).not.toContain('>旧称');
      expect(row.status).toBe('published');
    });

    it('a sensitive list that holds, and one that blocks (block wins)', async () => {
      const holdList = await filters.saveList({ name: '待审词', action: 'hold', words: '敏感甲\n敏感乙', enabled: true }, EDITOR);
      const blockList = await filters.saveList({ name: '禁发词', action: 'block', words: '违禁词', enabled: true }, EDITOR);
      const held = item({ title: '江州新闻', contentHtml: '<p>正文提到敏感乙。</p>' });
      const blocked = item({ title: '违禁词出现', contentHtml: '<p>也有敏感甲。</p>' });
      const res = await ingest(source, [held, blocked, item({})]);
      expect(counts(res)).toEqual({ added: 1, duplicates: 0, blocked: 0, filtered: 1, held: 1 });
      const row = (await stored(held.url))!;
      expect(row.status).toBe('held');
      expect(await holdOf(row.id)).toEqual([expect.objectContaining({ kind: 'list', id: holdList.list.id, terms: ['敏感乙'] })]);
      const reasons = (await filteredRow(blocked.url))!.reasons;
      expect(reasons.map((r) => [r.kind, r.id])).toContainEqual(['list', blockList.list.id]);
    });

    it('a source that requires review holds everything it brings, saying why', async () => {
      await repos.sources.setRequiresReview(source.id, true);
      const reviewed = (await repos.sources.byId(source.id))!;
      const res = await ingest(reviewed, [item({}), item({})]);
      expect(counts(res)).toEqual({ added: 0, duplicates: 0, blocked: 0, filtered: 0, held: 2 });
      const rows = await store.db.selectFrom('articles').select(['id', 'status']).where('source_id', '=', source.id).execute();
      expect(rows.map((r) => r.status)).toEqual(['held', 'held']);
      expect(await holdOf(rows[0]!.id)).toEqual([{ kind: 'source', id: source.id, label: '来源「来源甲」需审核', terms: [] }]);
      // Another source's items are published as before.
      expect(counts(await ingest(other, [item({})]))).toMatchObject({ added: 1, held: 0 });
    });

    it('does not judge a dropped item again at the next fetch, until a rule changes', async () => {
      const first = await filters.saveRule(rule({ pattern: '广告' }), EDITOR);
      await filters.saveRule(rule({ pattern: '别的词' }), EDITOR);
      const ad = item({ title: '广告：江州港口' });
      expect(counts(await ingest(source, [ad]))).toMatchObject({ filtered: 1 });
      // The rule is gone from the store without the service (so filtered_items stays): the
      // next fetch skips the item on its record, without judging it.
      await repos.filters.deleteRule(first.id);
      const again = await ingestItems(repos, source, [ad, item({})], { now: NOW });
      expect(counts(again)).toMatchObject({ added: 1, filtered: 1 });
      expect(await stored(ad.url)).toBeUndefined();
      // A change through the service clears the record: the item is judged again, and now stored.
      const unrelated = await filters.saveRule(rule({ pattern: '无关词' }), EDITOR);
      expect(await repos.filters.recentFiltered(10)).toEqual([]);
      expect(counts(await ingest(source, [ad]))).toMatchObject({ added: 1, filtered: 0 });
      // Deleting and editing clear it too.
      const blocking = await filters.saveRule(rule({ pattern: '新广告' }), EDITOR);
      await ingest(source, [item({ title: '新广告' })]);
      expect(await repos.filters.recentFiltered(10)).toHaveLength(1);
      await filters.deleteRule(unrelated.id, EDITOR);
      expect(await repos.filters.recentFiltered(10)).toEqual([]);
      await ingest(source, [item({ title: '新广告' })]);
      await filters.saveRule({ ...blocking, pattern: '新广告\n另一个' }, EDITOR);
      expect(await repos.filters.recentFiltered(10)).toEqual([]);
    });

    it('rules read from the store when the caller passes none; disabled rules do nothing', async () => {
      await filters.saveRule(rule({ pattern: '广告' }), EDITOR);
      await filters.saveRule(rule({ pattern: '江州', enabled: false }), EDITOR);
      const res = await ingestItems(repos, source, [item({ title: '广告' }), item({ title: '江州' })], { now: NOW });
      expect(counts(res)).toMatchObject({ added: 1, filtered: 1 });
    });
  });
}
