import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, redisSkip, storedTotals, TEST_REDIS_URL, testPrefix } from '../audience/testing.js';
import type { Store } from '../store/db.js';
import { testDialects } from '../store/testing.js';
import { createTestSite, type TestSite } from './testing.js';

// Proof that counting keeps up under load: 10,000 requests by distinct new readers, all
// sent at once over real sockets to one or two nodes while flushes run every few ms; the
// stored total must equal the number of 200 responses, on each database, with and without Redis.
const REQUESTS = 10_000;
const CONNECTIONS = 128;
const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

const dialects = await testDialects();
const noRedis = await redisSkip();

interface Node {
  site: TestSite;
  url: string;
  close(): Promise<void>;
}

async function startNode(store: Store, services: { redisUrl?: string; redisPrefix?: string }, demo: boolean): Promise<Node> {
  const site = await createTestSite({ store, demo, services: { viewFlushMs: 5, ...services } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: site.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { site, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** All requests at once; the pool spreads them over its connections. */
async function readAll(nodes: Node[], ids: number[]): Promise<{ ok: number; other: number }> {
  const pools = nodes.map((n) => new Pool(n.url, { connections: CONNECTIONS / nodes.length }));
  let ok = 0;
  let other = 0;
  await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      try {
        const res = await pools[i % pools.length]!.request({ path: `/a/${ids[i % ids.length]}`, method: 'GET', headers: { 'user-agent': BROWSER_UA } });
        await res.body.text();
        if (res.statusCode === 200) ok++;
        else other++;
      } catch {
        other++;
      }
    }),
  );
  await Promise.all(pools.map((p) => p.close()));
  return { ok, other };
}

const cases = dialects.flatMap((d) => [
  { name: `${d.name}, counted in memory`, dialect: d, redis: false, skip: d.skip },
  { name: `${d.name}, counted through Redis by two nodes`, dialect: d, redis: true, skip: d.skip ?? noRedis },
]);

for (const c of cases) {
  describe.skipIf(c.skip !== undefined)(`10,000 concurrent reads (${c.name})${c.skip ? ` (skipped: ${c.skip})` : ''}`, () => {
    let store: Store;
    let nodes: Node[];
    let redis: Redis | undefined;
    const prefix = testPrefix();

    beforeAll(async () => {
      store = await c.dialect.open();
      const services = c.redis ? { redisUrl: TEST_REDIS_URL, redisPrefix: prefix } : {};
      nodes = [await startNode(store, services, true)];
      if (c.redis) {
        redis = new Redis(TEST_REDIS_URL);
        nodes.push(await startNode(store, services, false));
      }
    }, 120_000);
    afterAll(async () => {
      for (const n of nodes) await n.close();
      // Every node but the first shares the first one's store: close only their services.
      for (const n of nodes.slice(1)) await n.site.services.close();
      await nodes[0]!.site.close();
      if (redis) {
        await dropPrefix(redis, prefix);
        await redis.quit();
      }
    });

    it('stores exactly one view per 200 response', async () => {
      const ids = (await store.db.selectFrom('articles').select('id').where('status', '=', 'published').execute()).map((r) => r.id);
      const before = await storedTotals(store);
      const { ok, other } = await readAll(nodes, ids);
      expect(ok).toBeGreaterThan(REQUESTS * 0.99);
      expect(ok + other).toBe(REQUESTS);
      // What is still buffered (or pending in Redis) is written now, as every second.
      for (const n of nodes) await n.site.services.views.flush();
      await expect
        .poll(async () => (await storedTotals(store)).views - before.views, { interval: 50, timeout: 10_000 })
        .toBe(ok);
      const after = await storedTotals(store);
      expect(after.hours - before.hours).toBe(ok);
      expect(after.reads - before.reads).toBe(ok);
    }, 180_000);
  });
}
