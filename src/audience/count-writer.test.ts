import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import type { Repos } from '../store/repos/index.js';
import { seedArticles, storedTotals } from './testing.js';
import { CountWriterThread } from './count-writer.js';
import { ViewCounter } from './views.js';

// A worker thread needs a database file: it opens a connection of its own.
describe('CountWriterThread', () => {
  let dir: string;
  let store: Store;
  let repos: Repos;
  let ids: number[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redian-view-writer-'));
    store = await openStore({ url: join(dir, 'redian.db') });
    await migrateToLatest(store);
    ({ repos, ids } = await seedArticles(store, 3, 10));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a second of reads from its thread, in one batch, and what is buffered at close', async () => {
    const writer = new CountWriterThread(store.location);
    const errors: unknown[] = [];
    const views = new ViewCounter(repos.articles, writer, (e) => errors.push(e), { flushMs: 60_000 });
    // More articles and readers than a slice on the serving thread holds.
    for (let r = 0; r < 600; r++) for (const id of ids) await views.record(id, `reader-${r}`);
    expect(await views.current(ids[0]!)).toBe(610);
    await views.flush();
    expect(await storedTotals(store)).toEqual({ views: 30 + 1800, hours: 1800, reads: 1800 });
    expect(await repos.articles.viewCount(ids[2]!)).toBe(610);
    // Buffered at close: written before the worker goes.
    await views.record(ids[0]!, 'late-reader');
    await views.close();
    await writer.close();
    expect(await repos.articles.viewCount(ids[0]!)).toBe(611);
    expect(errors).toEqual([]);
  }, 30_000);

  it('stores ad counts from the same thread', async () => {
    const writer = new CountWriterThread(store.location);
    const slotId = (await repos.ads.slotId('sidebar'))!;
    const ad = await repos.ads.insert({ slot_id: slotId, title: '广告', link_url: 'https://ad.example/', weight: 1, enabled: 1, is_demo: 0, created_at: 0 });
    await writer.addDaily([{ ad_id: ad.id, day: 20_000, impressions: 3, clicks: 1, closes: 0 }]);
    await writer.addDaily([{ ad_id: ad.id, day: 20_000, impressions: 2, clicks: 0, closes: 1 }]);
    await writer.close();
    expect(await repos.ads.daily(20_000, ad.id)).toEqual([{ ad_id: ad.id, day: 20_000, impressions: 5, clicks: 1, closes: 1 }]);
  }, 30_000);

  it("rejects a write the worker could not store, with the database's error", async () => {
    // A database without the schema: the write fails in the worker, the promise here.
    const writer = new CountWriterThread(join(dir, 'unmigrated.db'));
    await expect(writer.applyViews({ views: [[ids[0]!, 1]], hours: [], reads: [] })).rejects.toThrow(/article_stats/);
    await writer.close();
  }, 30_000);
});
