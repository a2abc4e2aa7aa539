import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { dropPrefix, redisSkip, storedTotals, TEST_REDIS_URL, testPrefix } from '../audience/testing.js';
import { openStore } from '../store/db.js';
import { startReadLoad, startServeProcess } from '../testing/serve-process.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'redian-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const totals = async (file: string) => {
  const store = await openStore({ url: file });
  try {
    const ids = await store.db.selectFrom('articles').select('id').where('status', '=', 'published').execute();
    return { ...(await storedTotals(store)), ids: ids.map((r) => r.id) };
  } finally {
    await store.close();
  }
};

const noRedis = await redisSkip();
const prefix = testPrefix();
afterAll(async () => {
  if (noRedis) return;
  const redis = new Redis(TEST_REDIS_URL);
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** Runs `redian serve` on a fresh database, loads it, sends `signal` mid-load, and checks every answered read is stored. */
async function stopUnderLoad(signal: 'SIGTERM' | 'SIGINT', env: Record<string, string>): Promise<void> {
  const file = join(dir, `${signal}-${Object.keys(env).length}.db`);
  const server = await startServeProcess(['--import', 'tsx', MAIN, 'serve', '--no-fetch'], { DATABASE_URL: file, REDIAN_DEMO: '1', ...env });
  try {
    const before = await totals(file);
    expect(before.ids.length).toBeGreaterThan(10);
    const load = startReadLoad(server.url, before.ids.map((id) => `/a/${id}`), 32);
    // Load until a few hundred reads are answered, so the signal lands with requests in flight.
    await expect.poll(() => load.result.ok, { interval: 20, timeout: 30_000 }).toBeGreaterThan(300);
    server.child.kill(signal);
    const code = await server.exited;
    const result = await load.stop();
    expect(code, server.output()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    const after = await totals(file);
    // Every acknowledged read is stored: in the totals, in the hourly counts, in the history (one new reader each).
    expect(after.views - before.views).toBe(result.ok);
    expect(after.hours - before.hours).toBe(result.ok);
    expect(after.reads - before.reads).toBe(result.ok);
    expect(result.statuses).toEqual({});
  } finally {
    server.child.kill('SIGKILL');
  }
}

describe('redian serve, stopped by a signal in the middle of a load: drains, stores the view of every 200 answered, exits 0', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, counting in memory', (signal) => stopUnderLoad(signal, {}), 120_000);

  it.skipIf(noRedis !== undefined)(`on SIGTERM, counting through Redis${noRedis ? ` (skipped: ${noRedis})` : ''}`, () =>
    stopUnderLoad('SIGTERM', { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix }), 120_000);
});
