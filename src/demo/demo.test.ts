import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../services.js';
import type { Store } from '../store/db.js';
import { testDialects } from '../store/testing.js';
import { DEMO_DIR } from './demo.js';

const dialects = await testDialects();

/** Paragraph-level overlap: reprints share most paragraphs even with a note added or one dropped. */
function sharedParagraphs(a: string, b: string): number {
  const pa = new Set(a.split('\n').filter((l) => l.length > 30));
  const pb = b.split('\n').filter((l) => l.length > 30);
  const shared = pb.filter((l) => pa.has(l)).length;
  return shared / Math.max(1, Math.min(pa.size, pb.length));
}

for (const dialect of dialects) {
  const title = dialect.skip ? `demo corpus on ${dialect.name} (skipped: ${dialect.skip})` : `demo corpus on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let services: Services;
    beforeEach(async () => {
      store = await dialect.open();
      services = createServices(store, pino({ level: 'silent' }));
    });
    afterEach(() => store.close());

    it('loads through the feed pipeline: 60+ articles, 8+ categories, 10+ sources, reprint pairs, figures', async () => {
      const now = Date.now();
      expect(await services.demo.siteIsEmpty()).toBe(true);
      const result = await services.demo.load(now);
      expect(result.sources).toBeGreaterThanOrEqual(10);
      expect(result.added).toBeGreaterThanOrEqual(60);
      expect(await services.demo.siteIsEmpty()).toBe(false);

      const rows = await store.db
        .selectFrom('articles')
        .innerJoin('sources', 'sources.id', 'articles.source_id')
        .select(['articles.id', 'articles.source_id', 'articles.category_id', 'articles.content_html', 'articles.content_text', 'articles.published_at', 'articles.is_demo', 'articles.featured', 'sources.is_demo as source_demo'])
        .execute();
      expect(rows.length).toBe(result.added);
      expect(rows.every((r) => r.is_demo === 1 && r.source_demo === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.category_id).filter((c) => c !== null)).size).toBeGreaterThanOrEqual(8);
      expect(rows.every((r) => r.category_id !== null)).toBe(true);
      expect(rows.filter((r) => r.featured === 1).length).toBeGreaterThanOrEqual(4);

      // Dates are shifted so the newest demo article is fresh, in their original order.
      const newest = Math.max(...rows.map((r) => r.published_at));
      expect(now - newest).toBeGreaterThan(0);
      expect(now - newest).toBeLessThan(3600_000);

      const withFigures = rows.filter((r) => /<figure><img [^>]*src="\/demo\/media\/[^"]+"[^>]*\/><figcaption>/.test(r.content_html));
      expect(withFigures.length).toBeGreaterThanOrEqual(10);
      expect(rows.filter((r) => r.content_html.includes('<h2>')).length).toBeGreaterThanOrEqual(10);
      for (const r of withFigures) {
        for (const [, src] of r.content_html.matchAll(/src="\/demo\/media\/([^"]+)"/g)) {
          expect(existsSync(join(DEMO_DIR, 'media', src!))).toBe(true);
        }
      }

      const pairs: Array<[number, number]> = [];
      for (let i = 0; i < rows.length; i++) {
        for (let j = i + 1; j < rows.length; j++) {
          const [a, b] = [rows[i]!, rows[j]!];
          if (a.source_id !== b.source_id && sharedParagraphs(a.content_text, b.content_text) >= 0.7) pairs.push([a.id, b.id]);
        }
      }
      expect(pairs.length).toBeGreaterThanOrEqual(3);
    });

    it('puts each reprint pair in one story whose original is the earlier article, and every other article in a story of its own', async () => {
      await services.demo.load();
      const structure = async () => {
        const rows = await store.db
          .selectFrom('articles')
          .innerJoin('stories', 'stories.id', 'articles.story_id')
          .select(['articles.id', 'articles.guid', 'articles.story_id', 'stories.original_article_id', 'stories.article_count'])
          .orderBy('articles.id')
          .execute();
        const guidOf = new Map(rows.map((r) => [r.id, r.guid]));
        const byStory = new Map<number, string[]>();
        for (const r of rows) byStory.set(r.story_id!, [...(byStory.get(r.story_id!) ?? []), r.guid]);
        return {
          articles: rows.length,
          // Story ids are arbitrary; what matters is who is together, and who is the original.
          groups: [...byStory.values()].map((g) => g.sort().join(' + ')).sort(),
          originals: Object.fromEntries(rows.map((r) => [r.guid, guidOf.get(r.original_article_id!)])),
          counts: rows.every((r) => r.article_count === byStory.get(r.story_id!)!.length),
        };
      };
      const all = await store.db.selectFrom('articles').select('id').execute();
      const loaded = await structure();
      expect(loaded.articles).toBe(all.length);
      expect(loaded.counts).toBe(true);
      const pairs = [
        ['keji-qianyan-2026-004', 'baijia-zixun-2026-003'],
        ['jinri-caijing-2026-001', 'baijia-zixun-2026-002'],
        ['dongfang-shibao-2026-001', 'chengshi-wanbao-2026-002'],
        ['tiyu-sudi-2026-002', 'zhangshang-rewen-2026-001'],
        ['jiankang-shenghuo-2026-004', 'zhangshang-rewen-2026-003'],
        // The reprint's feed is loaded first: the original must still end up the original.
        ['fengshang-zhi-2026-005', 'tiyu-sudi-2026-005'],
      ] as const;
      const shared = loaded.groups.filter((g) => g.includes(' + '));
      expect(shared).toEqual(pairs.map((p) => [...p].sort().join(' + ')).sort());
      for (const [original, reprint] of pairs) {
        expect(loaded.originals[original]).toBe(original);
        expect(loaded.originals[reprint]).toBe(original);
      }
      expect(loaded.groups.length).toBe(all.length - pairs.length);

      // Rebuilding from the stored articles gives the same stories, and so does doing it again.
      const progress: number[] = [];
      const first = await services.ingest.reindex((p) => progress.push(p.pass));
      expect(first).toEqual({ articles: all.length, stories: all.length - pairs.length });
      expect(progress[0]).toBe(1);
      expect(progress.at(-1)).toBe(2);
      expect(await structure()).toEqual(loaded);
      const keywordsBefore = await store.db.selectFrom('article_keywords').selectAll().orderBy('article_id').orderBy('term').execute();
      const dfBefore = await store.db.selectFrom('term_df').selectAll().orderBy('term').execute();
      await services.ingest.reindex();
      expect(await structure()).toEqual(loaded);
      expect(await store.db.selectFrom('article_keywords').selectAll().orderBy('article_id').orderBy('term').execute()).toEqual(keywordsBefore);
      expect(await store.db.selectFrom('term_df').selectAll().orderBy('term').execute()).toEqual(dfBefore);
      const perArticle = new Map<number, number>();
      for (const k of keywordsBefore) perArticle.set(k.article_id, (perArticle.get(k.article_id) ?? 0) + 1);
      expect(perArticle.size).toBe(all.length);
      expect([...perArticle.values()].every((n) => n >= 5 && n <= 10)).toBe(true);
    });

    it('loads once: a second load adds nothing, and sets settings only where none are stored', async () => {
      await services.settings.set('icp_number', '沪ICP备12345678号');
      const first = await services.demo.load();
      const second = await services.demo.load();
      expect(second).toEqual({ sources: first.sources, added: 0, duplicates: first.added });
      const settings = await services.settings.current();
      expect(settings.icp_number).toBe('沪ICP备12345678号');
      expect(settings.copyright_start_year).toBe('2024');
      expect(await services.ads.pick('article_top')).toBeDefined();
      const ads = await store.db.selectFrom('ads').select('id').execute();
      expect(ads.length).toBe(1);
    });

    it('removes everything it made, and only that', async () => {
      await services.demo.load();
      await services.settings.set('icp_number', '沪ICP备12345678号');
      const removed = await services.demo.remove();
      expect(removed.sources).toBeGreaterThanOrEqual(10);
      expect(removed.ads).toBe(1);
      expect(await store.db.selectFrom('articles').select('id').execute()).toEqual([]);
      expect(await store.db.selectFrom('stories').select('id').execute()).toEqual([]);
      const settings = await services.settings.current();
      expect(settings.icp_number).toBe('沪ICP备12345678号');
      expect(settings.copyright_start_year).toBe('');
      expect(await services.ads.pick('article_top')).toBeUndefined();
    });
  });
}
