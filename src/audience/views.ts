import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleRepo } from '../store/repos/articles.js';
import type { ViewBatch } from '../store/repos/audience.js';
import { RecentReads } from './recent-reads.js';
import type { RedisViews } from './redis-views.js';
import type { ViewWriter } from './count-writer.js';
import type { Bus } from '../cluster/bus.js';

/** The same visitor reading the same article again within this window counts once. */
export const DEDUPE_WINDOW_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
/** Published after a node wrote reads from Redis: `number[]`, the articles whose stored counts grew. */
export const VIEWS_WRITTEN_TOPIC = 'audience.views.written';
// Stored counts are re-read this often, so reads counted by other nodes show up.
const STORED_TTL_MS = 5000;
const STORED_ENTRIES = 50_000;
// "visitor:article" pairs remembered for deduplication on one node (about 150 bytes each).
const RECENT_READS = 200_000;
// Articles per write. On SQLite a write blocks the event loop (~0.1 ms per article on a
// large database), so a busy second's reads are written in slices with requests between.
const WRITE_SLICE = 50;
// History rows per write: a thousand new readers of one article are several short writes, not one long one.
const READ_SLICE = 500;

export interface ViewCounterOptions {
  flushMs?: number;
  /** Shares dedupe marks and pending reads with every node; without it both stay in this process. */
  redis?: RedisViews;
  recentReads?: number;
  now?: () => number;
  /** With Redis: tells the other nodes which stored counts a flush changed, so none shows a count that went back. */
  bus?: Pick<Bus, 'publish' | 'subscribe'>;
}

/** Reads counted on this node and not yet written. */
class PendingReads {
  views = new Map<number, number>();
  /** hour → article → reads */
  hours = new Map<number, Map<number, number>>();
  /** "visitor:article" → [visitor, article, read at] */
  reads = new Map<string, [string, number, number]>();

  add(key: string, visitorId: string, articleId: number, now: number): void {
    this.views.set(articleId, (this.views.get(articleId) ?? 0) + 1);
    const hour = Math.floor(now / HOUR_MS);
    let byArticle = this.hours.get(hour);
    if (!byArticle) this.hours.set(hour, (byArticle = new Map()));
    byArticle.set(articleId, (byArticle.get(articleId) ?? 0) + 1);
    this.reads.set(key, [visitorId, articleId, now]);
  }

  /** Back into this buffer: a slice whose write failed. */
  merge(batch: ViewBatch): void {
    for (const [id, n] of batch.views) this.views.set(id, (this.views.get(id) ?? 0) + n);
    for (const [id, hour, n] of batch.hours) {
      let byArticle = this.hours.get(hour);
      if (!byArticle) this.hours.set(hour, (byArticle = new Map()));
      byArticle.set(id, (byArticle.get(id) ?? 0) + n);
    }
    for (const [visitor, id, at] of batch.reads) {
      const key = `${visitor}:${id}`;
      const had = this.reads.get(key);
      if (!had || had[2] < at) this.reads.set(key, [visitor, id, at]);
    }
  }

  /**
   * The buffer as short batches: at most WRITE_SLICE articles and READ_SLICE history rows
   * each. An article read by many goes on over several batches; its count and hours go in
   * the first.
   */
  slices(maxArticles = WRITE_SLICE, maxReads = READ_SLICE): ViewBatch[] {
    const readsOf = new Map<number, Array<[string, number, number]>>();
    for (const read of this.reads.values()) {
      let list = readsOf.get(read[1]);
      if (!list) readsOf.set(read[1], (list = []));
      list.push(read);
    }
    const hoursOf = new Map<number, Array<[number, number, number]>>();
    for (const [hour, byArticle] of this.hours) {
      for (const [id, n] of byArticle) {
        let list = hoursOf.get(id);
        if (!list) hoursOf.set(id, (list = []));
        list.push([id, hour, n]);
      }
    }
    const slices: ViewBatch[] = [];
    let slice: ViewBatch | undefined;
    let articles = 0;
    const next = () => {
      slice = { views: [], hours: [], reads: [] };
      slices.push(slice);
      articles = 0;
    };
    // Reads can be here without a count: the rest of a failed write whose count was stored.
    // In id order, so writes from several nodes take row locks in the same order.
    const ids = [...new Set([...this.views.keys(), ...readsOf.keys()])].sort((a, b) => a - b);
    for (const id of ids) {
      if (!slice || articles >= maxArticles || slice.reads.length >= maxReads) next();
      const n = this.views.get(id);
      if (n !== undefined) slice!.views.push([id, n]);
      slice!.hours.push(...(hoursOf.get(id) ?? []));
      articles++;
      for (const read of readsOf.get(id) ?? []) {
        if (slice!.reads.length >= maxReads) next();
        slice!.reads.push(read);
      }
    }
    return slices;
  }

  get size(): number {
    return this.views.size + this.reads.size;
  }
}

/**
 * Counts reads of article pages. A read counts once per visitor and article within 30
 * minutes; the route decides what is a read at all (not a bot, a HEAD or a prefetch).
 * Counted reads are buffered and written about every second in a few short transactions
 * (read totals, hourly counts, reading history), or in one by a writer on another thread
 * (CountWriterThread, the server's on SQLite), so a page view costs no write; the count
 * shown is the stored one plus what is still buffered. Stored counts are kept for a few
 * seconds, so a page view costs no query either.
 *
 * Without Redis, dedupe marks and the buffer live in this process: `flush()` on a graceful
 * stop loses nothing, a crash loses at most one interval. With Redis, both live in Redis
 * (see RedisViews), so every node dedupes alike and a crash loses nothing; should Redis
 * fail, reads are counted here meanwhile.
 */
export class ViewCounter {
  private pending = new PendingReads();
  /** Taken out of `pending` by a write that has not committed yet. */
  private inFlight = new Map<number, number>();
  private readonly recent: RecentReads;
  /** Stored counts as last read, plus what this process has written since. */
  private readonly stored = new TtlCache<number, number>(STORED_TTL_MS, STORED_ENTRIES);
  private readonly flushMs: number;
  private readonly redis: RedisViews | undefined;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly bus: Pick<Bus, 'publish' | 'subscribe'> | undefined;
  private readonly unsubscribe: (() => void) | undefined;
  private redisTimer: NodeJS.Timeout | undefined;
  /** Committed writes so far, so a stored count read across one is not kept. */
  private writes = 0;
  private readonly loading = new Map<number, Promise<number | undefined>>();
  /** Writes run one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly articles: ArticleRepo,
    private readonly audience: ViewWriter,
    private readonly onError: (err: unknown) => void,
    options: ViewCounterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 1000;
    this.redis = options.redis;
    this.now = options.now ?? Date.now;
    this.recent = new RecentReads(DEDUPE_WINDOW_MS, options.recentReads ?? RECENT_READS);
    // Pending reads in Redis may come from any node, or from one that died: look every interval.
    if (this.redis) this.redisTimer = setInterval(() => this.flush().catch(this.onError), this.flushMs).unref();
    this.bus = options.bus;
    this.unsubscribe = this.bus?.subscribe(VIEWS_WRITTEN_TOPIC, (ids) => {
      if (!Array.isArray(ids)) return;
      // The stored counts grew and the pending ones shrank: forget ours, and any being read now.
      this.writes++;
      for (const id of ids) if (typeof id === 'number') this.stored.delete(id);
    });
  }

  /**
   * Counts a read of an existing article by this visitor (once per 30 minutes) and returns
   * the article's total; undefined if there is no such article.
   */
  async record(articleId: number, visitorId: string): Promise<number | undefined> {
    const stored = await this.storedCount(articleId);
    if (stored === undefined) return undefined;
    const now = this.now();
    if (this.redis) {
      try {
        const { pending } = await this.redis.record(articleId, visitorId, now);
        return stored + pending + this.buffered(articleId);
      } catch (err) {
        // Redis is down: count here (deduplicated on this node only) rather than not at all.
        this.onError(err);
      }
    }
    const key = `${visitorId}:${articleId}`;
    if (this.recent.firstIn(key, now)) {
      this.pending.add(key, visitorId, articleId, now);
      this.schedule();
    }
    return stored + this.buffered(articleId);
  }

  /** The total without counting a read (for HEAD requests, bots, prefetches). */
  async current(articleId: number): Promise<number | undefined> {
    const stored = await this.storedCount(articleId);
    if (stored === undefined) return undefined;
    let inRedis = 0;
    if (this.redis) inRedis = await this.redis.pending(articleId).catch(() => 0);
    return stored + inRedis + this.buffered(articleId);
  }

  /** Counted reads this process holds that are not written yet (for /metrics). */
  bufferedTotal(): number {
    let n = 0;
    for (const v of this.pending.views.values()) n += v;
    for (const v of this.inFlight.values()) n += v;
    return n;
  }

  /** Forgets a visitor's buffered history and dedupe marks (清除阅读记录); counts stay. */
  async forgetVisitor(visitorId: string): Promise<void> {
    this.recent.forgetVisitor(visitorId);
    const prefix = `${visitorId}:`;
    for (const key of this.pending.reads.keys()) if (key.startsWith(prefix)) this.pending.reads.delete(key);
    await this.redis?.forgetVisitor(visitorId);
  }

  /** Writes buffered reads now (and, with Redis, what is pending there if no other node is writing it). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.queue.then(() => this.write());
    this.queue = run.catch(() => {});
    return run;
  }

  /** The last step of a graceful stop: no more timers, and everything buffered written. */
  async close(): Promise<void> {
    clearInterval(this.redisTimer);
    this.unsubscribe?.();
    this.closing = true;
    await this.flush();
  }

  private async write(): Promise<void> {
    await this.writeLocal();
    if (this.redis) {
      const stored = await (this.closing ? this.redis.flushWaiting() : this.redis.flush());
      if (stored?.size) {
        this.writes++;
        for (const [id, n] of stored) this.stored.update(id, (count) => count + n);
        await this.bus?.publish(VIEWS_WRITTEN_TOPIC, [...stored.keys()]);
      }
    }
  }

  private async writeLocal(): Promise<void> {
    if (this.pending.size === 0) return;
    const taken = this.pending;
    this.pending = new PendingReads();
    this.inFlight = taken.views;
    // Off this thread a write holds up no request: one batch, each page written once.
    const slices = this.audience.offThread ? taken.slices(Infinity, Infinity) : taken.slices();
    let i = 0;
    try {
      for (; i < slices.length; i++) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        await this.audience.applyViews(slices[i]!);
        this.writes++;
        for (const [id, n] of slices[i]!.views) {
          this.stored.update(id, (count) => count + n);
          const left = (this.inFlight.get(id) ?? 0) - n;
          if (left > 0) this.inFlight.set(id, left);
          else this.inFlight.delete(id);
        }
      }
    } catch (err) {
      // Nothing is lost: what was not written goes back into the buffer for the next attempt.
      for (; i < slices.length; i++) this.pending.merge(slices[i]!);
      this.schedule();
      throw err;
    } finally {
      this.inFlight = new Map();
    }
  }

  private storedCount(id: number): Promise<number | undefined> | number {
    const known = this.stored.get(id);
    if (known !== undefined) return known;
    // Concurrent misses share one query: a popular article expiring must not cost a query per request.
    let loading = this.loading.get(id);
    if (!loading) {
      const writes = this.writes;
      loading = this.articles.viewCount(id).then(
        (count) => {
          this.loading.delete(id);
          // A write that committed meanwhile may or may not be in this count: do not keep it.
          if (count !== undefined && writes === this.writes) this.stored.set(id, count);
          return count;
        },
        (err: unknown) => {
          this.loading.delete(id);
          throw err;
        },
      );
      this.loading.set(id, loading);
    }
    return loading;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush().catch(this.onError), this.flushMs).unref();
  }

  private buffered(id: number): number {
    return (this.pending.views.get(id) ?? 0) + (this.inFlight.get(id) ?? 0);
  }
}
