import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { ViewCounter } from './views.js';

describe('ViewCounter', () => {
  let store: Store;
  let repos: Repos;
  let id: number;
  const errors: unknown[] = [];

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    const source = await repos.sources.upsert({ slug: 's', name: 's', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: 0 });
    id = (await repos.articles.insertIfNew({ source_id: source.id, guid: 'g', url: 'https://x.example/', title: 't', author: null, summary: '', content_html: '', content_text: '', lead_image: null, published_at: 0, created_at: 0 }))!;
    await repos.articles.setViewCount(id, 100);
  });
  afterEach(() => store.close());

  it('shows stored plus buffered reads, and writes them in one flush', async () => {
    const views = new ViewCounter(repos.articles, (e) => errors.push(e), 60_000);
    expect(await views.record(id)).toBe(101);
    expect(await views.record(id)).toBe(102);
    expect(await views.current(id)).toBe(102);
    expect(await repos.articles.viewCount(id)).toBe(100);
    await views.flush();
    expect(await repos.articles.viewCount(id)).toBe(102);
    expect(await views.current(id)).toBe(102);
    expect(await views.record(999_999)).toBeUndefined();
  });

  it('flushes by itself after the interval', async () => {
    const views = new ViewCounter(repos.articles, (e) => errors.push(e), 20);
    await views.record(id);
    await new Promise((r) => setTimeout(r, 100));
    expect(await repos.articles.viewCount(id)).toBe(101);
    expect(errors).toEqual([]);
  });

  it('loses no read when concurrent records and flushes interleave', async () => {
    const views = new ViewCounter(repos.articles, (e) => errors.push(e), 60_000);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 500; i++) {
      work.push(views.record(id));
      if (i % 50 === 0) work.push(views.flush());
    }
    await Promise.all(work);
    await views.flush();
    expect(await repos.articles.viewCount(id)).toBe(600);
  });

  it('writes many articles in slices, losing none', async () => {
    const views = new ViewCounter(repos.articles, (e) => errors.push(e), 60_000);
    const source = (await repos.sources.bySlug('s'))!;
    const ids = [id];
    for (let i = 0; i < 450; i++) {
      ids.push((await repos.articles.insertIfNew({ source_id: source.id, guid: `m${i}`, url: 'https://x.example/', title: 't', author: null, summary: '', content_html: '', content_text: '', lead_image: null, published_at: 0, created_at: 0 }))!);
    }
    for (const i of ids) await views.record(i);
    await views.record(id);
    await views.flush();
    expect(await repos.articles.viewCount(id)).toBe(102);
    const total = await store.db.selectFrom('article_stats').select((eb) => eb.fn.sum<number>('view_count').as('n')).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(100 + 451 + 1);
  });

  it('keeps the batch when a write fails, and writes it on the next flush', async () => {
    const failing = Object.create(repos.articles) as typeof repos.articles;
    let fail = true;
    failing.addViews = async (counts) => {
      if (fail) throw new Error('disk full');
      return repos.articles.addViews(counts);
    };
    const views = new ViewCounter(failing, (e) => errors.push(e), 60_000);
    await views.record(id);
    await expect(views.flush()).rejects.toThrow('disk full');
    expect(await views.current(id)).toBe(101);
    fail = false;
    await views.flush();
    expect(await repos.articles.viewCount(id)).toBe(101);
  });
});
