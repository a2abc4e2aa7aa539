import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';

/**
 * Test support for counting. Redis tests run against TEST_REDIS_URL (default the local
 * Redis) and are skipped with the reason where none answers, unless REDIAN_REQUIRE_REDIS=1
 * (set by CI), where that is a failure. Each test takes keys under a prefix of its own, so
 * test files can run in parallel on one Redis.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why Redis tests are skipped here, or undefined when they run. */
export async function redisSkip(): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    const reason = `Redis not reachable at ${TEST_REDIS_URL}: ${err instanceof Error ? err.message : String(err)}`;
    if (process.env.REDIAN_REQUIRE_REDIS === '1') throw new Error(`${reason} (REDIAN_REQUIRE_REDIS=1)`);
    return reason;
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other test uses. */
export function testPrefix(): string {
  return `redian-test:${randomBytes(6).toString('hex')}`;
}

/** Deletes every key under a prefix. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A source and `n` articles with a stored count of `views` each; returns the repos and the ids. */
export async function seedArticles(store: Store, n: number, views = 0): Promise<{ repos: Repos; ids: number[] }> {
  const repos = createRepos(store);
  const source = await repos.sources.upsert({ slug: 's', name: '来源', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: 0 });
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = (await repos.articles.insertIfNew({ source_id: source.id, guid: `g${i}`, url: `https://x.example/${i}`, title: `标题${i}`, author: null, summary: '', content_html: '', content_text: '', lead_image: null, published_at: i, created_at: 0 }))!;
    if (views) await repos.articles.setViewCount(id, views);
    ids.push(id);
  }
  return { repos, ids };
}

/** Sums over the counting tables: what a flush stored. */
export async function storedTotals(store: Store): Promise<{ views: number; hours: number; reads: number }> {
  const { db } = store;
  const views = await db.selectFrom('article_stats').select((eb) => eb.fn.sum<number>('view_count').as('n')).executeTakeFirstOrThrow();
  const hours = await db.selectFrom('article_view_hours').select((eb) => eb.fn.sum<number>('views').as('n')).executeTakeFirstOrThrow();
  const reads = await db.selectFrom('visitor_reads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { views: Number(views.n ?? 0), hours: Number(hours.n ?? 0), reads: Number(reads.n) };
}
