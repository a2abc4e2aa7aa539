import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.js';
import { LocalBus, TOPICS } from '../cluster/bus.js';
import { FilterService } from '../filters/service.js';
import type { FeedItem } from '../ingest/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { testDialects } from '../store/testing.js';
import { REVIEW_PAGE_SIZE, ReviewService } from './service.js';

const dialects = await testDialects();
const NOW = Date.UTC(2026, 10, 27, 6);
const EDITOR = 'editor';

const item = (i: number, over: Partial<FeedItem> = {}): FeedItem => ({
  guid: `g${i}`,
  url: `https://src.example/${i}.html`,
  title: `江州港口事故 ${i}`,
  author: undefined,
  summary: '',
  contentHtml: `<p>港口发生事故，第${i}条。</p>`,
  publishedAt: NOW - 3600_000 + i,
  categories: [],
  ...over,
});

for (const dialect of dialects) {
  const title = dialect.skip ? `ReviewService on ${dialect.name} (skipped: ${dialect.skip})` : `ReviewService on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let audit: AuditService;
    let review: ReviewService;
    let source: Source;
    let changed: number[];
    let ruleId: number;

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      const bus = new LocalBus();
      audit = new AuditService(repos.audit);
      review = new ReviewService(repos, audit, bus);
      changed = [];
      bus.subscribe(TOPICS.articleChanged, (data) => changed.push((data as { id: number }).id));
      source = await repos.sources.upsert({ slug: 'a', name: '来源甲', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: NOW });
      const filters = new FilterService(repos, audit, bus);
      ruleId = (await filters.saveRule({ sourceId: null, action: 'hold', field: 'any', match: 'keywords', pattern: '事故', note: '突发', ignoreCase: false, enabled: true }, EDITOR)).id;
    });
    afterEach(() => store.close());

    const heldIds = async (n: number) => {
      await ingestItems(repos, source, Array.from({ length: n }, (_, i) => item(i)), { now: NOW });
      return (await store.db.selectFrom('articles').select('id').where('status', '=', 'held').orderBy('id').execute()).map((r) => r.id);
    };
    const statusOf = async (id: number) => (await repos.articles.byId(id))!.status;
    const auditOf = async (action: string) => (await audit.list({ action })).entries;

    it('queues held articles oldest first, 30 a page, with why each waits', async () => {
      const ids = await heldIds(REVIEW_PAGE_SIZE + 2);
      const first = await review.queue(1);
      expect(first).toMatchObject({ total: 32, page: 1, hasNext: true });
      expect(first.rows.map((r) => r.id)).toEqual(ids.slice(0, REVIEW_PAGE_SIZE));
      expect(first.rows[0]).toMatchObject({ title: '江州港口事故 0', sourceId: source.id, sourceName: '来源甲', heldAt: NOW, reasons: [{ kind: 'rule', id: ruleId, terms: ['事故'] }] });
      expect(await review.queue(2)).toMatchObject({ rows: [{ id: ids[30] }, { id: ids[31] }], hasNext: false });
      expect((await review.queue(1, { sourceId: source.id + 1 })).total).toBe(0);
      expect(await review.count()).toBe(32);
      expect(await review.get(ids[0]!)).toMatchObject({ id: ids[0], contentHtml: '<p>港口发生事故，第0条。</p>', author: null });
    });

    it('approves: published, searchable, out of the queue, audited and announced', async () => {
      const [a, b] = await heldIds(2);
      expect(await repos.search.count(['事故'])).toBe(0);
      await review.approve([a!, b!], EDITOR);
      expect([await statusOf(a!), await statusOf(b!)]).toEqual(['published', 'published']);
      expect(await repos.search.count(['事故'])).toBe(2);
      expect(await review.count()).toBe(0);
      expect(changed).toEqual([a, b]);
      const entries = await auditOf('review.approve');
      expect(entries.map((e) => [e.actor, e.target]).sort()).toEqual([[EDITOR, `article:${a}`], [EDITOR, `article:${b}`]].sort());
      expect(JSON.parse(entries[0]!.before_json!)).toMatchObject({ status: 'held', reasons: [{ id: ruleId }] });
      expect(JSON.parse(entries[0]!.after_json!)).toEqual({ status: 'published' });
      await expect(review.get(a!)).rejects.toMatchObject({ code: 'REVIEW_NOT_HELD' });
    });

    it('decides all or none: an id not held changes nothing', async () => {
      const [a, b] = await heldIds(2);
      await review.approve([a!], EDITOR);
      await expect(review.reject([b!, a!], EDITOR)).rejects.toMatchObject({ code: 'REVIEW_NOT_HELD' });
      await expect(review.approve([b!, 999_999], EDITOR)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(review.approve([], EDITOR)).rejects.toMatchObject({ code: 'EDIT_INVALID' });
      expect(await statusOf(b!)).toBe('held');
      expect(await statusOf(a!)).toBe('published');
      expect(await auditOf('review.reject')).toEqual([]);
    });

    it('rejects: kept as rejected (never published), not stored again by the next fetch', async () => {
      const [a] = await heldIds(1);
      await review.reject([a!], EDITOR, '  不实信息 ');
      expect(await statusOf(a!)).toBe('rejected');
      expect(await review.count()).toBe(0);
      const [entry] = await auditOf('review.reject');
      expect(JSON.parse(entry!.after_json!)).toEqual({ status: 'rejected', note: '不实信息' });
      const again = await ingestItems(repos, source, [item(0), item(0, { guid: 'other-guid' })], { now: NOW });
      expect(again).toMatchObject({ added: [], held: 0, duplicates: 2 });
    });

    it('edits a held article: title checked, content sanitized again, text and summary recomputed; it stays held', async () => {
      const [a] = await heldIds(1);
      await review.edit(a!, { title: ' 修改后的标题 ', contentHtml: '<p onclick="x()">改写后的正文。</p><script>bad()</script><img src="/p.jpg">' }, EDITOR);
      const row = (await repos.articles.byId(a!))!;
      expect(row).toMatchObject({ status: 'held', title: '修改后的标题', content_text: '改写后的正文。', summary: '改写后的正文。', lead_image: 'https://src.example/p.jpg' });
      expect(row.content_html).toBe('<p>改写后的正文。</p><img loading="lazy" src="https://src.example/p.jpg" />');
      const [entry] = await auditOf('review.edit');
      expect(JSON.parse(entry!.before_json!)).toMatchObject({ title: '江州港口事故 0' });
      expect(JSON.parse(entry!.after_json!)).toMatchObject({ title: '修改后的标题' });
      await expect(review.edit(a!, { title: ' ', contentHtml: '<p>x</p>' }, EDITOR)).rejects.toMatchObject({ code: 'EDIT_INVALID' });
      await expect(review.edit(a!, { title: '长'.repeat(301), contentHtml: '<p>x</p>' }, EDITOR)).rejects.toMatchObject({ code: 'EDIT_INVALID' });
      expect((await repos.articles.byId(a!))!.title).toBe('修改后的标题');
      await review.approve([a!], EDITOR);
      await expect(review.edit(a!, { title: '再改', contentHtml: '<p>x</p>' }, EDITOR)).rejects.toMatchObject({ code: 'REVIEW_NOT_HELD' });
    });
  });
}
