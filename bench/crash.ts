// What a crash loses: `redian serve` under a load of article reads is killed with SIGKILL
// (no flush, no goodbye), and each read it acknowledged with a 200 is looked up in the
// database by its reader's id. Without Redis the loss is bounded by one flush interval:
// the baseline, measured in the same run, is the number of 200s in the last interval
// before the kill. With Redis nothing may be lost once a restarted node has flushed what
// the dead one left pending.
//
//   npm run bench -- crash [--rounds N] [--load S] [--connections N]
//
// Exit code 0 when every target is met, 1 when one is missed.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { VisitorIds } from '../src/audience/visitor-id.js';
import { dropPrefix, redisSkip, TEST_REDIS_URL } from '../src/audience/testing.js';
import { openStore } from '../src/store/db.js';
import { type LoadResult, startReadLoad, startServeProcess } from '../src/testing/serve-process.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';
import { build, ROOT } from './lib/servers.js';

export const description = 'reads lost when `redian serve` is SIGKILLed under load: SQLite (≤ one flush interval) and Redis (none)';

const FLUSH_INTERVAL_S = 1;

interface Round {
  /** Reads answered with a 200. */
  ok: number;
  /** Of those, reads found in the database (by their reader's id). */
  stored: number;
  /** Reads stored that were never answered (counted, then the process died before replying). */
  unanswered: number;
  /** Reads answered in the last flush interval before the kill: what one interval holds at this load. */
  lastInterval: number;
  /** With Redis: answered reads stored before another node flushed what the dead one left. */
  storedBeforeRestart?: number;
}

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    rounds: { default: 3, min: 1, integer: true },
    load: { default: 3, min: 0.5 },
    connections: { default: 32, min: 1, integer: true },
  });
  build();
  const skipRedis = await redisSkip().catch((err: unknown) => String(err));
  return benchRun('reads lost to SIGKILL', async (dir) => {
    print(`load       ${opts.connections} connections of new readers for ${opts.load} s, then kill -9; ${opts.rounds} rounds each`);
    print();
    const sqlite: Round[] = [];
    const redis: Round[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      sqlite.push(await crashRound(join(dir, `sqlite-${r}.db`), undefined, opts));
      if (!skipRedis) redis.push(await crashRound(join(dir, `redis-${r}.db`), `redian-bench-${randomBytes(4).toString('hex')}`, opts));
    }
    const rows = [['', 'round', '200s', 'stored', 'lost', 'counted, unanswered', '200s in the last 1 s', 'lost / interval']];
    const add = (name: string, rounds: Round[]) =>
      rounds.forEach((x, i) =>
        rows.push([
          name,
          String(i + 1),
          fixed(x.ok),
          x.storedBeforeRestart === undefined ? fixed(x.stored) : `${fixed(x.storedBeforeRestart)} → ${fixed(x.stored)} after restart`,
          fixed(x.ok - x.stored),
          fixed(x.unanswered),
          fixed(x.lastInterval),
          fixed((x.ok - x.stored) / Math.max(1, x.lastInterval), 2),
        ]),
      );
    add('SQLite', sqlite);
    add('Redis', redis);
    for (const line of table(rows)) print(line);
    print();
    const worst = Math.max(...sqlite.map((x) => (x.ok - x.stored) / Math.max(1, x.lastInterval)));
    const checks: Check[] = [
      // The flush in progress at the kill may also be lost: up to one interval plus one write.
      { name: 'SQLite: lost reads / one flush interval of reads', actual: fixed(worst, 2), target: '≤ 1.5', ok: worst <= 1.5 },
      { name: 'SQLite: never more stored than acknowledged', actual: sqlite.every((x) => x.stored <= x.ok) ? 'yes' : 'no', target: 'yes', ok: sqlite.every((x) => x.stored <= x.ok) },
      skipRedis
        ? { name: 'Redis: lost reads after restart', actual: `skipped: ${skipRedis}`, target: '0', ok: false }
        : { name: 'Redis: lost reads after restart', actual: fixed(Math.max(...redis.map((x) => x.ok - x.stored))), target: '0', ok: redis.every((x) => x.ok === x.stored) },
    ];
    return printChecks(checks) ? 0 : 1;
  });
}

async function crashRound(file: string, redisPrefix: string | undefined, opts: { load: number; connections: number }): Promise<Round> {
  // A known key, so the load can give each request a reader id of its own and find each read afterwards.
  const secret = randomBytes(24).toString('base64url');
  const env: Record<string, string> = { DATABASE_URL: file, REDIAN_DEMO: '1', LOG_LEVEL: 'info', VISITOR_ID_SECRET: secret };
  if (redisPrefix) Object.assign(env, { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix });
  const args = ['dist/cli/main.js', 'serve', '--no-fetch'];
  const server = await startServeProcess(args, env, ROOT);
  const { ids } = await totals(file);
  const load = startReadLoad(server.url, ids.map((id) => `/a/${id}`), opts.connections, new VisitorIds(secret));
  await new Promise((r) => setTimeout(r, opts.load * 1000));
  const killedAt = performance.now();
  server.child.kill('SIGKILL');
  await server.exited;
  const result: LoadResult = await load.stop();
  const lastInterval = result.ackedAt.filter((t) => t > killedAt - FLUSH_INTERVAL_S * 1000).length;
  const found = async () => {
    const { readers } = await totals(file);
    const stored = result.acked.filter((id) => readers.has(id)).length;
    return { stored, unanswered: readers.size - stored };
  };
  const round: Round = { ok: result.ok, ...(await found()), lastInterval };
  if (redisPrefix) {
    // Another node (here: the restart) finds what the dead one left pending and writes it.
    round.storedBeforeRestart = round.stored;
    const restart = await startServeProcess(args, env, ROOT);
    // Its first flushes wait out the lock the dead node may still hold (5 s), then it stops gracefully.
    await new Promise((r) => setTimeout(r, 2000));
    restart.child.kill('SIGTERM');
    await restart.exited;
    Object.assign(round, await found());
    const redis = new Redis(TEST_REDIS_URL);
    await dropPrefix(redis, `${redisPrefix}:views`);
    await redis.quit();
  }
  return round;
}

/** The articles to read, and every reader with a stored read (each request of the load is a reader of its own). */
async function totals(file: string): Promise<{ ids: number[]; readers: Set<string> }> {
  const store = await openStore({ url: file });
  try {
    const ids = await store.db.selectFrom('articles').select('id').where('status', '=', 'published').execute();
    const readers = await store.db.selectFrom('visitor_reads').select('visitor_id').execute();
    return { ids: ids.map((r) => r.id), readers: new Set(readers.map((r) => r.visitor_id)) };
  } finally {
    await store.close();
  }
}
