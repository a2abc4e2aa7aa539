import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AudienceRepo, ViewBatch } from '../store/repos/audience.js';

// One round trip per counted read: the 30-minute mark and the increments go together or
// not at all, so a read is never marked seen without being counted (or counted twice).
// Returns {1 if counted, the article's pending count}.
const COUNT_VIEW = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  local n = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
  redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
  return {1, n}
end
return {0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')}
`;

// Takes the pending hash as a batch: renamed (so new reads start a new hash) and listed
// among the batches being written, in one step, so a flusher dying now loses nothing.
const CLAIM_BATCH = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], KEYS[2])
  return 1
end
return 0
`;

// Releases the flush lock only if this flusher still holds it.
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

// Short: a node killed while flushing keeps others from flushing until its lock expires.
// A flusher slower than this may be overtaken; the database still stores each batch once.
const LOCK_MS = 5000;

interface ViewCommands {
  redianCountView(seen: string, pending: string, windowMs: number, viewField: string, hourField: string, readField: string, readAt: number): Promise<[number, number]>;
  redianClaimBatch(pending: string, batch: string, batches: string): Promise<number>;
  redianReleaseLock(lock: string, token: string): Promise<number>;
}

export interface RedisViewsOptions {
  /** Key prefix, so several sites (or tests) can share one Redis. */
  prefix: string;
  dedupeMs: number;
  /** How long a flusher holds the lock; one that stalls longer may be overtaken, never double counted. */
  lockMs?: number;
}

export interface RedisCount {
  counted: boolean;
  /** The article's reads waiting in Redis, across every node. */
  pending: number;
}

/**
 * Counted reads shared by every node through Redis. Each read goes into one pending hash
 * (HINCRBY per article and hour, HSET per reader); one node at a time, holding a lock,
 * renames that hash to a batch of its own and writes the batch to the database in one
 * transaction under the batch's id, then deletes it. A flusher that dies leaves its batch
 * listed: the next flusher writes it, and the database refuses a batch id it already has,
 * so a batch is stored exactly once.
 */
export class RedisViews {
  private readonly keys: { pending: string; batches: string; lock: string; seen: string; batch: string };
  private readonly lockMs: number;
  private readonly cmd: ViewCommands;

  constructor(
    private readonly redis: Redis,
    private readonly audience: AudienceRepo,
    private readonly options: RedisViewsOptions,
  ) {
    const p = options.prefix;
    this.keys = { pending: `${p}:pending`, batches: `${p}:batches`, lock: `${p}:flush-lock`, seen: `${p}:seen:`, batch: `${p}:batch:` };
    this.lockMs = options.lockMs ?? LOCK_MS;
    redis.defineCommand('redianCountView', { numberOfKeys: 2, lua: COUNT_VIEW });
    redis.defineCommand('redianClaimBatch', { numberOfKeys: 3, lua: CLAIM_BATCH });
    redis.defineCommand('redianReleaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK });
    this.cmd = redis as unknown as ViewCommands;
  }

  /** Counts a read unless this visitor read this article within the window. */
  async record(articleId: number, visitorId: string, now: number): Promise<RedisCount> {
    const [counted, pending] = await this.cmd.redianCountView(
      `${this.keys.seen}${visitorId}:${articleId}`,
      this.keys.pending,
      this.options.dedupeMs,
      `a:${articleId}`,
      `h:${articleId}:${Math.floor(now / 3_600_000)}`,
      `r:${visitorId}:${articleId}`,
      now,
    );
    return { counted: counted === 1, pending: Number(pending) };
  }

  /**
   * For a graceful stop: flushes, waiting out a lock held by another node (one that died
   * holding it, perhaps) for up to one lock period, so a last node leaves nothing pending.
   */
  async flushWaiting(): Promise<Map<number, number> | undefined> {
    const deadline = Date.now() + this.lockMs + 1000;
    for (;;) {
      const stored = await this.flush();
      if (stored !== undefined || Date.now() > deadline) return stored;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The article's reads waiting in Redis. */
  async pending(articleId: number): Promise<number> {
    return Number((await this.redis.hget(this.keys.pending, `a:${articleId}`)) ?? 0);
  }

  /**
   * Writes what is pending (and any batch a dead flusher left) to the database, if no other
   * node is doing so. Returns the reads stored per article, or undefined when another node
   * holds the lock.
   */
  async flush(): Promise<Map<number, number> | undefined> {
    const token = randomUUID();
    const locked = await this.redis.set(this.keys.lock, token, 'PX', this.lockMs, 'NX');
    if (locked !== 'OK') return undefined;
    const stored = new Map<number, number>();
    try {
      const left = await this.leftoverBatches();
      const fresh = await this.claimBatch();
      for (const key of fresh === undefined ? left : [...left, fresh]) {
        const batch = await this.storeBatch(key);
        if (batch) for (const [id, n] of batch.views) stored.set(id, (stored.get(id) ?? 0) + n);
        await this.dropBatch(key);
      }
      return stored;
    } finally {
      await this.cmd.redianReleaseLock(this.keys.lock, token).catch(() => {});
    }
  }

  // The steps of a flush, each one a point where a flusher may die.

  /** Batches claimed but not yet deleted: a flusher died, or is still at work (then the database refuses the repeat). */
  leftoverBatches(): Promise<string[]> {
    return this.redis.smembers(this.keys.batches);
  }

  /** Takes what is pending as a new batch; undefined when nothing is. */
  async claimBatch(): Promise<string | undefined> {
    const key = `${this.keys.batch}${randomUUID()}`;
    return (await this.cmd.redianClaimBatch(this.keys.pending, key, this.keys.batches)) === 1 ? key : undefined;
  }

  /** Writes a batch under its id; returns it, or undefined when that id was already stored. */
  async storeBatch(key: string): Promise<ViewBatch | undefined> {
    const batch = parseBatch(await this.redis.hgetall(key));
    return (await this.audience.applyViews(batch, key.slice(this.keys.batch.length))) ? batch : undefined;
  }

  async dropBatch(key: string): Promise<void> {
    await this.redis.multi().srem(this.keys.batches, key).del(key).exec();
  }

  /** Drops a visitor's pending history entries (their counts stay: the reads happened). */
  async forgetVisitor(visitorId: string): Promise<void> {
    const match = `r:${visitorId}:*`;
    let cursor = '0';
    do {
      const [next, fields] = await this.redis.hscan(this.keys.pending, cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      const names = fields.filter((_, i) => i % 2 === 0);
      if (names.length) await this.redis.hdel(this.keys.pending, ...names);
    } while (cursor !== '0');
  }
}

/** The hash's fields: `a:<article>` reads, `h:<article>:<hour>` reads, `r:<visitor>:<article>` read time. */
function parseBatch(fields: Record<string, string>): ViewBatch {
  const batch: ViewBatch = { views: [], hours: [], reads: [] };
  for (const [field, value] of Object.entries(fields)) {
    const parts = field.split(':');
    if (parts[0] === 'a') batch.views.push([Number(parts[1]), Number(value)]);
    else if (parts[0] === 'h') batch.hours.push([Number(parts[1]), Number(parts[2]), Number(value)]);
    else if (parts[0] === 'r') batch.reads.push([parts[1]!, Number(parts[2]), Number(value)]);
  }
  // Sorted, so statements lock rows in the same order on every node.
  batch.views.sort((x, y) => x[0] - y[0]);
  batch.hours.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return batch;
}
