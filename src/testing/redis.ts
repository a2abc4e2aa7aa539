import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Redis for tests: TEST_REDIS_URL, default the local server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  /** Why Redis suites are skipped here, or undefined when they run. */
  skip: string | undefined;
  /** A key prefix no other test uses, so suites can run in parallel on one server. */
  prefix(): string;
}

/**
 * Gate for suites that need Redis: skipped with the reason where none answers, except
 * with REDIAN_REQUIRE_REDIS=1 (CI), where that is a failure.
 */
export async function testRedis(): Promise<TestRedis> {
  const probe = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  let skip: string | undefined;
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    skip = `Redis not reachable at ${TEST_REDIS_URL}: ${(err as Error).message}`;
    if (process.env.REDIAN_REQUIRE_REDIS === '1') throw new Error(`${skip} (REDIAN_REQUIRE_REDIS=1)`);
  } finally {
    probe.disconnect();
  }
  return { url: TEST_REDIS_URL, skip, prefix: () => `test:${randomBytes(6).toString('hex')}` };
}
