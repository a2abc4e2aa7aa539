import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db.js';
import type { Repos } from '../store/repos/index.js';
import { testDialects } from '../store/testing.js';
import { seedArticles, storedTotals } from './testing.js';
import { DEDUPE_WINDOW_MS, ViewCounter, type ViewCounterOptions } from './views.js';

const dialects = await testDialects();
const HOUR = 3_600_000;

for (const dialect of dialects) {
  const title = dialect.skip ? `ViewCounter on ${dialect.name} (skipped: ${dialect.skip})` : `ViewCounter on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let ids: number[];
    let id: number;
    let errors: unknown[];
    let clock: number;
    const counters: ViewCounter[] = [];
    const counter = (options: ViewCounterOptions = {}, over: Partial<Repos> = {}) => {
      const views = new ViewCounter(over.articles ?? repos.articles, over.audience ?? repos.audience, (e) => errors.push(e), {
        flushMs: 60_000,
        now: () => clock,
        ...options,
      });
      counters.push(views);
      return views;
    };

    beforeEach(async () => {
      store = await dialect.open();
      ({ repos, ids } = await seedArticles(store, 3, 100));
      id = ids[0]!;
      errors = [];
      clock = Date.UTC(2026, 10, 27, 8, 59, 59, 500);
    });
    afterEach(async () => {
      for (const c of counters.splice(0)) await c.close();
      await store.close();
    });

    it('shows stored plus buffered reads, and one flush stores totals, hours and history', async () => {
      const views = counter();
      expect(await views.record(id, 'reader-a')).toBe(101);
      clock += 1000; // the next hour
      expect(await views.record(id, 'reader-b')).toBe(102);
      expect(await views.current(id)).toBe(102);
      expect(await repos.articles.viewCount(id)).toBe(100);
      await views.flush();
      expect(await repos.articles.viewCount(id)).toBe(102);
      expect(await views.current(id)).toBe(102);
      const hours = await store.db.selectFrom('article_view_hours').selectAll().orderBy('hour').execute();
      expect(hours).toEqual([
        { article_id: id, hour: Math.floor((clock - 1000) / HOUR), views: 1 },
        { article_id: id, hour: Math.floor(clock / HOUR), views: 1 },
      ]);
      const reads = await store.db.selectFrom('visitor_reads').selectAll().orderBy('visitor_id').execute();
      expect(reads.map((r) => [r.visitor_id, r.article_id, Number(r.read_at)])).toEqual([
        ['reader-a', id, clock - 1000],
        ['reader-b', id, clock],
      ]);
      expect(await views.record(999_999, 'reader-a')).toBeUndefined();
      expect(errors).toEqual([]);
    });

    it('counts a visitor once per article within 30 minutes, and again after', async () => {
      const views = counter();
      await views.record(id, 'reader');
      clock += DEDUPE_WINDOW_MS - 1;
      expect(await views.record(id, 'reader')).toBe(101);
      expect(await views.record(ids[1]!, 'reader')).toBe(101);
      clock += 2;
      expect(await views.record(id, 'reader')).toBe(102);
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 300 + 3, hours: 3, reads: 2 });
      // The re-read moved the history row forward; it added none.
      const row = await store.db.selectFrom('visitor_reads').select('read_at').where('article_id', '=', id).executeTakeFirstOrThrow();
      expect(Number(row.read_at)).toBe(clock);
    });

    it('does not move a count beyond one per 30 minutes under a flood from one id', async () => {
      const views = counter();
      await Promise.all(Array.from({ length: 5000 }, () => views.record(id, 'flooder')));
      for (let i = 0; i < 100; i++) {
        clock += 1000;
        await views.record(id, 'flooder');
      }
      await views.flush();
      expect(await repos.articles.viewCount(id)).toBe(101);
    });

    it('flushes by itself after the interval', async () => {
      const views = counter({ flushMs: 20, now: Date.now });
      await views.record(id, 'reader');
      await expect.poll(() => repos.articles.viewCount(id), { interval: 20, timeout: 5000 }).toBe(101);
      expect(errors).toEqual([]);
    });

    it('loses no read when concurrent records and flushes interleave', async () => {
      const views = counter();
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 1500; i++) {
        work.push(views.record(ids[i % 3]!, `reader-${i}`));
        if (i % 50 === 0) work.push(views.flush());
      }
      await Promise.all(work);
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 300 + 1500, hours: 1500, reads: 1500 });
    });

    it('writes many articles in slices, losing none', async () => {
      const views = counter();
      const many = (await seedArticles(store, 0)).ids;
      const source = (await repos.sources.bySlug('s'))!;
      for (let i = 0; i < 180; i++) {
        many.push((await repos.articles.insertIfNew({ source_id: source.id, guid: `m${i}`, url: 'https://x.example/', title: 't', author: null, summary: '', content_html: '', content_text: '', lead_image: null, published_at: 0, created_at: 0 }))!);
      }
      for (const i of many) await views.record(i, 'reader');
      await views.record(id, 'reader');
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 300 + 181, hours: 181, reads: 181 });
    });

    it('keeps the batch when a write fails, and writes it on the next flush', async () => {
      let fail = true;
      const failing = Object.create(repos.audience) as Repos['audience'];
      failing.applyViews = async (...args) => {
        if (fail) throw new Error('disk full');
        return repos.audience.applyViews(...args);
      };
      const views = counter({}, { audience: failing });
      await views.record(id, 'reader');
      await expect(views.flush()).rejects.toThrow('disk full');
      expect(await views.current(id)).toBe(101);
      expect(views.bufferedTotal()).toBe(1);
      fail = false;
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 301, hours: 1, reads: 1 });
      expect(views.bufferedTotal()).toBe(0);
    });

    it('writes an article read by many in several short writes, and resumes after one fails', async () => {
      let calls = 0;
      const flaky = Object.create(repos.audience) as Repos['audience'];
      flaky.applyViews = async (...args) => {
        // The second write fails once: the first is stored, the rest go back to the buffer.
        if (++calls === 2) throw new Error('busy');
        return repos.audience.applyViews(...args);
      };
      const views = counter({}, { audience: flaky });
      for (let i = 0; i < 1200; i++) await views.record(id, `reader-${i}`);
      await expect(views.flush()).rejects.toThrow('busy');
      expect(await views.current(id)).toBe(1300);
      await views.flush();
      expect(calls).toBeGreaterThanOrEqual(4);
      expect(await storedTotals(store)).toEqual({ views: 300 + 1200, hours: 1200, reads: 1200 });
      expect(await views.current(id)).toBe(1300);
    });

    it('drops reads of an article deleted before the flush, and stores the rest', async () => {
      const views = counter();
      await views.record(ids[0]!, 'reader');
      await views.record(ids[1]!, 'reader');
      await store.db.deleteFrom('articles').where('id', '=', ids[0]!).execute();
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 200 + 1, hours: 1, reads: 1 });
      expect(errors).toEqual([]);
    });

    it('forgets a visitor: their buffered history is not stored, their counts are', async () => {
      const views = counter();
      await views.record(id, 'leaving');
      await views.record(id, 'staying');
      await views.forgetVisitor('leaving');
      await views.flush();
      const reads = await store.db.selectFrom('visitor_reads').select('visitor_id').execute();
      expect(reads.map((r) => r.visitor_id)).toEqual(['staying']);
      expect(await repos.articles.viewCount(id)).toBe(102);
    });

    it('stores a batch only once under the same flush id', async () => {
      const batch = { views: [[id, 2]], hours: [[id, 1, 2]], reads: [['v', id, 5]] } as Parameters<Repos['audience']['applyViews']>[0];
      expect(await repos.audience.applyViews(batch, 'flush-1')).toBe(true);
      expect(await repos.audience.applyViews(batch, 'flush-1')).toBe(false);
      expect(await repos.audience.wasApplied('flush-1')).toBe(true);
      expect(await storedTotals(store)).toEqual({ views: 302, hours: 2, reads: 1 });
    });
  });
}
