import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db.js';
import type { Repos } from '../store/repos/index.js';
import { testDialects } from '../store/testing.js';
import { LocalBus } from '../cluster/bus.js';
import { RedisViews } from './redis-views.js';
import { dropPrefix, redisSkip, seedArticles, storedTotals, TEST_REDIS_URL, testPrefix } from './testing.js';
import { DEDUPE_WINDOW_MS, ViewCounter } from './views.js';

const dialects = await testDialects();
const noRedis = await redisSkip();

for (const dialect of dialects) {
  const skip = noRedis ?? dialect.skip;
  const title = `views through Redis, stored on ${dialect.name}${skip ? ` (skipped: ${skip})` : ''}`;
  describe.skipIf(skip !== undefined)(title, () => {
    let redis: Redis;
    let store: Store;
    let repos: Repos;
    let ids: number[];
    let prefix: string;
    let errors: unknown[];
    const counters: ViewCounter[] = [];
    /** One node of the site: its own counter over the shared Redis and database. */
    let bus: LocalBus;
    const node = (options: { lockMs?: number } = {}) => {
      const views = new ViewCounter(repos.articles, repos.audience, (e) => errors.push(e), {
        flushMs: 60_000,
        bus,
        redis: new RedisViews(redis, repos.audience, { prefix, dedupeMs: DEDUPE_WINDOW_MS, ...options }),
      });
      counters.push(views);
      return views;
    };
    const flusher = (lockMs?: number) => new RedisViews(redis, repos.audience, { prefix, dedupeMs: DEDUPE_WINDOW_MS, lockMs });

    beforeAll(() => {
      redis = new Redis(TEST_REDIS_URL);
    });
    afterAll(() => redis.quit());
    beforeEach(async () => {
      prefix = testPrefix();
      store = await dialect.open();
      ({ repos, ids } = await seedArticles(store, 3));
      errors = [];
      // The nodes of these tests share a process, so a local bus stands for the Redis one.
      bus = new LocalBus();
    });
    afterEach(async () => {
      for (const c of counters.splice(0)) await c.close();
      await dropPrefix(redis, prefix);
      await store.close();
    });

    it('dedupes across nodes and shows reads pending on any node', async () => {
      const [a, b] = [node(), node()];
      expect(await a.record(ids[0]!, 'reader')).toBe(1);
      expect(await b.record(ids[0]!, 'reader')).toBe(1);
      expect(await b.record(ids[0]!, 'other')).toBe(2);
      expect(await a.current(ids[0]!)).toBe(2);
      await b.flush();
      expect(await storedTotals(store)).toEqual({ views: 2, hours: 2, reads: 2 });
      await a.flush();
      expect(await storedTotals(store)).toEqual({ views: 2, hours: 2, reads: 2 });
      expect(errors).toEqual([]);
    });

    it('keeps the count shown on other nodes from going back when one node writes the pending reads', async () => {
      const [a, b] = [node(), node()];
      expect(await b.current(ids[2]!)).toBe(0); // b now keeps the stored 0
      await a.record(ids[2]!, 'r1');
      await a.record(ids[2]!, 'r2');
      expect(await b.current(ids[2]!)).toBe(2);
      await a.flush();
      expect(await b.current(ids[2]!)).toBe(2);
    });

    it('does not move a count beyond one under a flood from one id on several nodes', async () => {
      const nodes = [node(), node(), node()];
      await Promise.all(Array.from({ length: 3000 }, (_, i) => nodes[i % 3]!.record(ids[1]!, 'flooder')));
      await nodes[0]!.flush();
      expect(await repos.articles.viewCount(ids[1]!)).toBe(1);
    });

    it('loses and doubles nothing when nodes record and flush at once', async () => {
      const nodes = [node(), node(), node()];
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 3000; i++) {
        work.push(nodes[i % 3]!.record(ids[i % 3]!, `reader-${i}`));
        if (i % 100 === 0) work.push(...nodes.map((n) => n.flush()));
      }
      await Promise.all(work);
      // Flushes that found the lock taken left their batches for later: keep flushing until none is left.
      for (let i = 0; i < 20 && (await storedTotals(store)).views < 3000; i++) await nodes[i % 3]!.flush();
      expect(await storedTotals(store)).toEqual({ views: 3000, hours: 3000, reads: 3000 });
      expect(await redis.exists(`${prefix}:pending`)).toBe(0);
      expect(await redis.scard(`${prefix}:batches`)).toBe(0);
    });

    it('writes the batch of a flusher that died after taking it', async () => {
      const views = node();
      await views.record(ids[0]!, 'reader');
      const dead = flusher();
      expect(await dead.claimBatch()).toBeDefined();
      // Its batch is out of the pending hash and not in the database yet.
      expect(await storedTotals(store)).toEqual({ views: 0, hours: 0, reads: 0 });
      await views.record(ids[0]!, 'later');
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 2, hours: 2, reads: 2 });
      expect(await redis.scard(`${prefix}:batches`)).toBe(0);
    });

    it('does not count twice the batch of a flusher that died after storing it', async () => {
      const views = node();
      await views.record(ids[0]!, 'reader');
      const dead = flusher();
      const key = (await dead.claimBatch())!;
      expect(await dead.storeBatch(key)).toBeDefined();
      expect(await redis.sismember(`${prefix}:batches`, key)).toBe(1);
      await views.flush();
      expect(await storedTotals(store)).toEqual({ views: 1, hours: 1, reads: 1 });
      expect(await redis.exists(key)).toBe(0);
    });

    it('does not count twice when a stalled flusher is overtaken after its lock expired', async () => {
      const views = node();
      for (let i = 0; i < 50; i++) await views.record(ids[i % 3]!, `reader-${i}`);
      const slow = flusher(50);
      const fast = flusher(50);
      const key = (await slow.claimBatch())!;
      await new Promise((r) => setTimeout(r, 60));
      // Both write the same batch at once, as after a stall: the database takes it once.
      const results = await Promise.all([slow.storeBatch(key), fast.flush()]);
      expect(results[0] === undefined || results[1]?.size === 0).toBe(true);
      expect(await storedTotals(store)).toEqual({ views: 50, hours: 50, reads: 50 });
    });

    it('counts on this node when Redis is down, and stores it', async () => {
      const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
      down.on('error', () => {});
      const views = new ViewCounter(repos.articles, repos.audience, (e) => errors.push(e), {
        flushMs: 60_000,
        redis: new RedisViews(down, repos.audience, { prefix, dedupeMs: DEDUPE_WINDOW_MS }),
      });
      expect(await views.record(ids[0]!, 'reader')).toBe(1);
      expect(await views.record(ids[0]!, 'reader')).toBe(1);
      await views.flush().catch(() => {});
      expect(await storedTotals(store)).toEqual({ views: 1, hours: 1, reads: 1 });
      expect(errors.length).toBeGreaterThan(0);
      await views.close().catch(() => {});
      down.disconnect();
    });
  });
}
