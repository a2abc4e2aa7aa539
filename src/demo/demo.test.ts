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
      const settings = await services.settings.current();
      expect(settings.icp_number).toBe('沪ICP备12345678号');
      expect(settings.copyright_start_year).toBe('');
      expect(await services.ads.pick('article_top')).toBeUndefined();
    });
  });
}
