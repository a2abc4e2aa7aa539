import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleFacts } from '../store/repos/recommend.js';
import { diversify } from './diversify.js';

/**
 * A pool holds this many times the list size: enough that the articles a page already
 * shows, and those read since, rarely leave it short.
 */
export const POOL_FACTOR = 3;
/**
 * A pool is computed again after this long, or after this many new reads: interests move
 * over days, and a list a few reads old is still the reader's (reads since are filtered out).
 * Until the new one is ready the old one serves, for at most POOL_MAX_AGE_MS.
 */
export const POOL_TTL_MS = 3 * 60_000;
export const POOL_READS = 5;
export const POOL_MAX_AGE_MS = 10 * 60_000;
const POOL_ENTRIES = 50_000;

/** A candidate of a 猜你喜欢 list, with what filtering and the caps need, and its reason. */
export interface PoolItem {
  articleId: number;
  facts: Pick<ArticleFacts, 'id' | 'story_id' | 'category_id' | 'source_id'>;
  reason: string;
}

export interface Pool {
  items: PoolItem[];
  /** Articles read since the pool was computed, with their stories where known: never shown. */
  readSince: Map<number, number | null | undefined>;
}

/**
 * 猜你喜欢 pools per visitor (or, for new readers, per article page). Computing a list costs
 * the reader's history, profile and a scan of the candidate index (~0.3 ms); a page view only
 * filters the pool (~µs). A pool is stale after `ttlMs` or POOL_READS new reads: the caller
 * serves it and has it recomputed; it is gone after `maxAgeMs`, or useless when filtering
 * leaves it short, and then the caller computes one at once.
 */
export class GuessPools {
  private readonly pools: TtlCache<string, Pool & { reads: number; made: number }>;

  constructor(
    private readonly ttlMs = POOL_TTL_MS,
    private readonly now: () => number = Date.now,
    entries = POOL_ENTRIES,
    maxAgeMs = Math.max(ttlMs, POOL_MAX_AGE_MS),
  ) {
    this.pools = new TtlCache(maxAgeMs, entries, now);
  }

  /** The visitor's pool, and whether it is due to be recomputed. */
  get(key: string): { pool: Pool; stale: boolean } | undefined {
    const pool = this.pools.get(key);
    return pool && { pool, stale: pool.reads >= POOL_READS || this.now() - pool.made >= this.ttlMs };
  }

  set(key: string, items: PoolItem[]): void {
    this.pools.set(key, { items, readSince: new Map(), reads: 0, made: this.now() });
  }

  /** The visitor read this article: not shown again, and one read nearer a recomputation. */
  noteRead(key: string, articleId: number, storyId?: number | null): void {
    this.pools.update(key, (pool) => {
      if (!pool.readSince.has(articleId)) pool.reads++;
      pool.readSince.set(articleId, storyId);
      return pool;
    });
  }

  clear(): void {
    this.pools.clear();
  }
}

/**
 * The best `size` items of a pool (best first) for one page: none of the excluded articles
 * or their stories, none read since, one per story, the caps on categories and sources.
 * Undefined when the pool cannot fill the list: the caller computes a new one.
 */
export function pickFromPool(
  pool: Pool,
  exclude: ReadonlyArray<{ id: number; story_id: number | null }>,
  storyOf: (id: number) => number | null | undefined,
  size: number,
): PoolItem[] | undefined {
  const ids = new Set(pool.readSince.keys());
  const stories = new Set<number>();
  for (const a of exclude) {
    ids.add(a.id);
    if (a.story_id !== null) stories.add(a.story_id);
  }
  for (const [id, known] of pool.readSince) {
    const story = known === undefined ? storyOf(id) : known;
    if (story !== null && story !== undefined) stories.add(story);
  }
  const open = pool.items.filter((it) => !ids.has(it.articleId) && (it.facts.story_id === null || !stories.has(it.facts.story_id)));
  if (open.length < size) return undefined;
  const byId = new Map(open.map((it) => [it.articleId, it.facts]));
  const picked = diversify(open, (id) => byId.get(id)!, size);
  return picked.length < size ? undefined : picked;
}
