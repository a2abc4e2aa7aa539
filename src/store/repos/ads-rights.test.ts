import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db.js';
import { testDialects } from '../testing.js';
import { createRepos, type Repos } from './index.js';
import type { NewAd, Source } from '../schema.js';

// Ads, daily counts, takedowns and the outbox: one suite, both dialects.
const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `ads and rights repositories on ${dialect.name} (skipped: ${dialect.skip})` : `ads and rights repositories on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let source: Source;
    const t0 = Date.UTC(2026, 10, 20);

    const ad = async (over: Partial<NewAd> = {}, categories: number[] = []) => {
      const slotId = (await repos.ads.slotId('article_top'))!;
      return repos.ads.insert({ slot_id: slotId, title: '广告', link_url: 'https://ad.example/', weight: 1, enabled: 1, is_demo: 0, created_at: t0, ...over }, categories);
    };

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      source = await repos.sources.upsert({ slug: 'src-a', name: '来源甲', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
    });
    afterEach(async () => {
      await store.close();
    });

    it('has the four slots, the feed one with its N', async () => {
      const slots = await repos.ads.slots();
      expect(slots.map((s) => s.key)).toEqual(['article_top', 'article_bottom', 'feed', 'sidebar']);
      expect(slots.find((s) => s.key === 'feed')!.every_n).toBe(6);
      await repos.ads.updateSlot('feed', { every_n: 4, enabled: 0 });
      expect((await repos.ads.slots()).find((s) => s.key === 'feed')).toMatchObject({ every_n: 4, enabled: 0 });
    });

    it('lists running ads of a slot with their target categories, by dates and flags', async () => {
      const tech = (await repos.categories.bySlug('tech'))!.id;
      const sports = (await repos.categories.bySlug('sports'))!.id;
      const always = await ad({ title: 'always' }, [sports, tech]);
      await ad({ title: 'not yet', starts_at: t0 + 1000 });
      await ad({ title: 'over', ends_at: t0 });
      await ad({ title: 'off', enabled: 0 });
      const window = await ad({ title: 'window', starts_at: t0 - 1000, ends_at: t0 + 1000 });
      const running = await repos.ads.activeForSlot('article_top', t0);
      expect(running.map((a) => a.title)).toEqual(['always', 'window']);
      expect(running[0]!.category_ids).toEqual([tech, sports].sort((a, b) => a - b));
      expect(running[1]!.category_ids).toEqual([]);
      await repos.ads.updateSlot('article_top', { enabled: 0 });
      expect(await repos.ads.activeForSlot('article_top', t0)).toEqual([]);
      // Replacing the targeting; deleting takes its categories along.
      await repos.ads.update(always.id, { title: 'changed' }, [tech]);
      expect((await repos.ads.byId(always.id))).toMatchObject({ title: 'changed', category_ids: [tech], slot_key: 'article_top' });
      expect(await repos.ads.delete(window.id)).toBe(true);
      expect(await repos.ads.byId(window.id)).toBeUndefined();
    });

    it('adds daily counts to what is stored, per ad and day, dropping counts of deleted ads', async () => {
      const a = await ad();
      const b = await ad();
      await repos.ads.addDaily([
        { ad_id: a.id, day: 100, impressions: 3, clicks: 1, closes: 0 },
        { ad_id: b.id, day: 100, impressions: 1, clicks: 0, closes: 1 },
      ]);
      await repos.ads.addDaily([
        { ad_id: a.id, day: 100, impressions: 2, clicks: 1, closes: 1 },
        { ad_id: a.id, day: 101, impressions: 5, clicks: 0, closes: 0 },
      ]);
      await repos.ads.delete(b.id);
      await repos.ads.addDaily([{ ad_id: b.id, day: 101, impressions: 9, clicks: 9, closes: 9 }]);
      expect(await repos.ads.daily(0)).toEqual([
        { ad_id: a.id, day: 100, impressions: 5, clicks: 2, closes: 1 },
        { ad_id: a.id, day: 101, impressions: 5, clicks: 0, closes: 0 },
      ]);
      expect(await repos.ads.daily(101, a.id)).toEqual([{ ad_id: a.id, day: 101, impressions: 5, clicks: 0, closes: 0 }]);
    });

    describe('takedowns', () => {
      const mail = { to_addr: 'r@rights.example', subject: 's', body: 'b' };
      const request = (reference: string, created_at: number) => ({
        reference,
        claimant: '权利人',
        organisation: null,
        email: 'r@rights.example',
        urls: 'https://news.test/a/1',
        work_description: '原创作品',
        good_faith: 1,
        status: 'pending' as const,
        created_at,
      });
      const article = async (guid: string, storyId: number | null = null, src = source) => {
        const [id] = await repos.articles.insertManyIfNew([
          { source_id: src.id, story_id: storyId, category_id: null, guid, url: `https://a.example/${guid}`, title: guid, author: null, summary: '', content_html: '<p>x</p>', content_text: 'x', lead_image: null, published_at: t0, created_at: t0, featured: 1 },
        ]);
        return id!;
      };

      it('stores a request with its notice, lists pending first, counts by status', async () => {
        const old = await repos.takedowns.insert(request('TD-20261120-AAAA', t0), mail);
        const newer = await repos.takedowns.insert(request('TD-20261120-BBBB', t0 + 10), mail);
        const decided = await repos.takedowns.insert(request('TD-20261120-CCCC', t0 + 20), mail);
        await repos.takedowns.reject(decided.id, { by: 'editor', at: t0 + 30, reason: '不是本站内容' }, mail);
        expect((await repos.takedowns.list(undefined, 10)).map((r) => r.reference)).toEqual([old.reference, newer.reference, decided.reference]);
        expect((await repos.takedowns.list('rejected', 10)).map((r) => r.reference)).toEqual([decided.reference]);
        expect(await repos.takedowns.countByStatus()).toEqual({ pending: 2, accepted: 0, rejected: 1 });
        expect((await repos.outbox.list(10, decided.id)).length).toBe(2);
        expect(await repos.takedowns.byReference(decided.reference)).toMatchObject({ status: 'rejected', decision_reason: '不是本站内容', decided_by: 'editor' });
      });

      it('accepts once: articles taken down and unfeatured, URLs blocked, sources disabled, notice queued', async () => {
        const a1 = await article('one');
        const a2 = await article('two');
        const r = await repos.takedowns.insert(request('TD-20261120-DDDD', t0), mail);
        const refs = await repos.takedowns.articles([a1, a2]);
        expect(refs.map((a) => [a.id, a.status, a.source_name])).toEqual([
          [a1, 'published', '来源甲'],
          [a2, 'published', '来源甲'],
        ]);
        const done = await repos.takedowns.accept(r.id, { by: 'admin', at: t0 + 5, scope: 'source', reason: null }, { articleIds: [a1], urls: ['https://a.example/one'], sourceIds: [source.id] }, mail);
        expect(done).toMatchObject({ status: 'accepted', scope: 'source', decided_by: 'admin', decided_at: t0 + 5 });
        expect((await repos.articles.byId(a1))).toMatchObject({ status: 'taken_down', featured: 0 });
        expect((await repos.articles.byId(a2))!.status).toBe('published');
        expect([...(await repos.blockedUrls.blockedAmong(['https://a.example/one', 'https://a.example/two']))]).toEqual(['https://a.example/one']);
        expect((await repos.sources.bySlug('src-a'))!.enabled).toBe(0);
        expect((await repos.outbox.list(10, r.id)).length).toBe(2);
        // A second decision finds it no longer pending and changes nothing.
        expect(await repos.takedowns.reject(r.id, { by: 'x', at: t0 + 9, reason: 'r' }, mail)).toBeUndefined();
        expect((await repos.outbox.list(10, r.id)).length).toBe(2);
      });

      it('finds the rest of a story, or of a source', async () => {
        const other = await repos.sources.upsert({ slug: 'src-b', name: '来源乙', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: t0 });
        const a1 = await article('s1');
        const a2 = await article('s2', null, other);
        const a3 = await article('s3');
        await store.db.insertInto('stories').values({ title: 't', original_article_id: a1, article_count: 2, created_at: t0, updated_at: t0 }).execute();
        const storyId = (await store.db.selectFrom('stories').select('id').executeTakeFirstOrThrow()).id;
        await store.db.updateTable('articles').set({ story_id: storyId }).where('id', 'in', [a1, a2]).execute();
        const named = await repos.takedowns.articles([a1]);
        expect((await repos.takedowns.related('article', named)).map((a) => a.id)).toEqual([a1]);
        expect((await repos.takedowns.related('story', named)).map((a) => a.id)).toEqual([a1, a2]);
        expect((await repos.takedowns.related('source', named)).map((a) => a.id)).toEqual([a1, a3]);
      });
    });

    it('outbox: due mail is claimed once, then sent or retried or given up', async () => {
      const r = await repos.takedowns.insert(
        { reference: 'TD-20261120-EEEE', claimant: 'c', organisation: null, email: 'e@x.example', urls: 'u', work_description: 'w', good_faith: 1, status: 'pending', created_at: t0 },
        { to_addr: 'e@x.example', subject: '已收到', body: 'b' },
      );
      const [due] = await repos.outbox.due(t0, 10);
      expect(due).toMatchObject({ to_addr: 'e@x.example', status: 'pending', attempts: 0, takedown_id: r.id });
      expect(await repos.outbox.due(t0 - 1, 10)).toEqual([]);
      expect(await repos.outbox.claim(due!, t0 + 60_000)).toBe(true);
      // Another worker holding the same row loses.
      expect(await repos.outbox.claim(due!, t0 + 60_000)).toBe(false);
      await repos.outbox.markAttemptFailed(due!.id, 'connection refused', t0 + 1000);
      expect((await repos.outbox.due(t0 + 1000, 10))[0]).toMatchObject({ attempts: 1, last_error: 'connection refused', status: 'pending' });
      await repos.outbox.markAttemptFailed(due!.id, 'still refused', null);
      expect((await repos.outbox.list(10))[0]).toMatchObject({ attempts: 2, status: 'failed' });
      expect(await repos.outbox.due(t0 + 10_000_000, 10)).toEqual([]);
    });
  });
}
