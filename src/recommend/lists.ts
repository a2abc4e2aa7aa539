import { TtlCache } from '../cache/ttl-cache.js';
import type { CardCache } from '../rank/cards.js';
import type { ArticleFeatures } from '../rank/features.js';
import { HOUR_MS } from '../rank/hot-score.js';
import type { RankService } from '../rank/rank.js';
import type { ArticleCard, ArticleRepo } from '../store/repos/articles.js';
import type { Read, RecommendRepo } from '../store/repos/recommend.js';
import type { CandidateIndex, CandidateView } from './candidate-index.js';
import type { CoReading } from './co-reading.js';
import { diversify } from './diversify.js';
import { guess, reasonLabel } from './guess.js';
import { GuessPools, POOL_FACTOR, POOL_TTL_MS, type PoolItem, pickFromPool } from './pools.js';
import { buildProfile, type ReadFeatures } from './profile.js';

/** Items in each list under an article. */
export const LIST_SIZE = 6;
export const RELATED_SIZE = 5;

/** Reads per visitor the profile is made of (and that are never recommended again). */
const HISTORY = 100;
// A visitor's history is read once (from co-reading's copy of the last week's reads, or the
// database) and then kept up to date by noteRead(); re-read after this long so reads counted
// on other nodes join in (through co-reading's rebuild, every few minutes).
const HISTORY_TTL_MS = 60_000;
const HISTORY_ENTRIES = 20_000;
// An article's co-reading is recomputed at most this often (it moves slowly).
const CO_READ_TTL_MS = 60_000;
const CO_READ_ENTRIES = 20_000;
// 精彩推荐 changes slowly: its pool is reused for a few seconds.
const PICKS_TTL_MS = 5_000;
/** Hot stories considered for a reader: the guess takes the top 100 site-wide plus each top category's. */
const HOT_CANDIDATES = 200;
const POOL = 40;
// Pools prepared at start: the latest readers (a few MB), for at most a few seconds.
const PREPARE_VISITORS = 20_000;
const PREPARE_BUDGET_MS = 10_000;

/** A 猜你喜欢 item: a card and why it is there (因为你读过…, 同类热门, 大家都在看, 读过此文的人也在读). */
export interface RecommendedCard extends ArticleCard {
  reason: string;
}

/** A 猜你喜欢 item as the card cache holds it, and its reason. */
export interface RecommendedPick {
  card: ArticleCard;
  reason: string;
}

/** An article already on the page. */
export type Shown = { id: number; story_id: number | null };

export interface RecommendDeps {
  articles: ArticleRepo;
  repo: RecommendRepo;
  rank: RankService;
  features: ArticleFeatures;
  cards: CardCache;
  index: CandidateIndex;
  coReading: CoReading;
  now?: () => number;
  /** A list computed between requests failed (the stale one keeps serving). */
  onError?: (err: unknown) => void;
}

/**
 * The lists that tell a reader what to read next: 猜你喜欢 (personal, per request),
 * 精彩推荐 (editors' picks, then the hottest of the last 24 h) and 相关阅读 (similar by
 * keywords). Everything a request needs is in memory (candidate index, hot stories,
 * features, the visitor's recent history); queries happen only on a cache miss.
 */
export class RecommendationService {
  private readonly histories = new TtlCache<string, Read[]>(HISTORY_TTL_MS, HISTORY_ENTRIES);
  private readonly coReads = new TtlCache<number, Array<{ article_id: number; readers: number }>>(CO_READ_TTL_MS, CO_READ_ENTRIES);
  private readonly pools = new TtlCache<string, ArticleCard[]>(PICKS_TTL_MS, 10);
  private readonly guessPools: GuessPools;
  /** Pools to recompute between requests, by key: the reader and the page they were last on. */
  private readonly refreshes = new Map<string, { visitorId: string | undefined; context: Shown | undefined }>();
  private readonly now: () => number;

  constructor(private readonly deps: RecommendDeps) {
    this.now = deps.now ?? Date.now;
    this.guessPools = new GuessPools(POOL_TTL_MS, this.now);
  }

  /**
   * 猜你喜欢 for a visitor (undefined: one we know nothing of), on the page of `context`
   * if any (it counts as read: the reader is reading it), leaving out what else the page
   * shows. Never empty while the site has published articles.
   */
  async forYou(visitorId: string | undefined, context?: Shown, size = LIST_SIZE, onPage: Shown[] = []): Promise<RecommendedCard[]> {
    return (await this.forYouPicks(visitorId, context, size, onPage)).map(({ card, reason }) => ({ ...card, reason }));
  }

  /**
   * forYou's list as the cached cards (the same object for an article while its card is
   * kept) and their reasons: what a page renders once per card rather than per reader.
   */
  async forYouPicks(visitorId: string | undefined, context?: Shown, size = LIST_SIZE, onPage: Shown[] = []): Promise<RecommendedPick[]> {
    // A new reader's list depends only on the page: one pool per article serves them all.
    const key = visitorId ?? `page:${context?.id ?? 0}`;
    const exclude = context ? [context, ...onPage] : onPage;
    const cached = this.guessPools.get(key);
    const picked = cached && pickFromPool(cached.pool, exclude, (id) => this.storyOf(id), size);
    if (picked) {
      // A pool some reads or minutes old still serves (its reads since are filtered out);
      // its successor is computed between requests, not in this one.
      if (cached.stale) this.refreshLater(key, visitorId, context);
      return this.withCards(picked);
    }

    const { items, reads } = await this.computePool(visitorId, context, size * POOL_FACTOR, exclude);
    this.guessPools.set(key, items);
    const fresh = pickFromPool({ items, readSince: new Map() }, exclude, () => undefined, size) ?? items.slice(0, size);
    let out = await this.withCards(fresh);
    if (out.length < size) {
      // Everything hot was read (or nothing is hot yet): hot and newest articles, so the list is never empty.
      const shown: Shown[] = [...exclude, ...out.map((p) => p.card), ...reads];
      const cards = pickDistinct([await this.fallback()], shown, size - out.length);
      out = [...out, ...cards.map((card) => ({ card, reason: reasonLabel({ kind: 'popular' }) }))];
    }
    return out;
  }

  /**
   * Recomputes a stale pool soon, one pool per turn of the event loop so requests go
   * between them: the reader's next page has the new one, this one is not kept waiting.
   */
  private refreshLater(key: string, visitorId: string | undefined, context: Shown | undefined): void {
    const queued = this.refreshes.size > 0;
    this.refreshes.set(key, { visitorId, context });
    if (!queued) setImmediate(() => void this.runRefreshes());
  }

  private async runRefreshes(): Promise<void> {
    // Keys queued meanwhile are visited too (a Map iterates over entries added during the loop).
    for (const [key, { visitorId, context }] of this.refreshes) {
      this.refreshes.delete(key);
      try {
        const { items } = await this.computePool(visitorId, context, LIST_SIZE * POOL_FACTOR, context ? [context] : []);
        this.guessPools.set(key, items);
      } catch (err) {
        this.deps.onError?.(err);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The cold path: the reader's history and profile, and the blend over the candidate index,
   * for a pool of `size` candidates (best first). Returns the reads too (never recommended).
   */
  private async computePool(visitorId: string | undefined, context: Shown | undefined, size: number, exclude: Shown[]): Promise<{ items: PoolItem[]; reads: Shown[] }> {
    const { features, index, rank } = this.deps;
    const now = this.now();
    let reads = visitorId === undefined ? [] : await this.history(visitorId);
    if (context) reads = [{ article_id: context.id, read_at: now }, ...reads.filter((r) => r.article_id !== context.id)];
    const [view, hot, heat] = await Promise.all([index.current(), rank.hotStories(), rank.heat()]);
    const readFeatures = await this.readFeatures(view, reads.map((r) => r.article_id));
    const profile = buildProfile(reads, readFeatures, now);
    const anchor = context?.id ?? profile.anchor;
    const coRead = anchor === undefined ? [] : this.coRead(anchor);

    // Hot and co-read candidates are often older than the index: their facts come from the feature cache.
    const outside = [...coRead.map((r) => r.article_id), ...hot.slice(0, HOT_CANDIDATES).map((s) => s.articleId)].filter((id) => !view.get(id));
    const extra = await features.facts(outside);
    const guesses = guess({ profile, index: view, factsOf: (id) => extra.get(id), hot, heat, coRead, exclude, size, now });
    const factsOf = (id: number) => (view.get(id)?.facts ?? extra.get(id))!;
    return {
      items: guesses.map((g) => ({ articleId: g.articleId, facts: factsOf(g.articleId), reason: reasonLabel(g.reason) })),
      reads: reads.map((r) => ({ id: r.article_id, story_id: readFeatures.get(r.article_id)?.facts.story_id ?? null })),
    };
  }

  /**
   * Facts and keywords of the articles read: from the candidate index where it has them
   * (most reads are of recent articles), from the feature cache (a query on a miss) otherwise.
   */
  private async readFeatures(view: CandidateView, ids: number[]): Promise<Map<number, ReadFeatures>> {
    const out = new Map<number, ReadFeatures>();
    const missing: number[] = [];
    for (const id of ids) {
      const c = view.get(id);
      if (c) out.set(id, c);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const [facts, terms] = await Promise.all([this.deps.features.facts(missing), this.deps.features.keywords(missing)]);
      for (const [id, f] of facts) out.set(id, { facts: f, terms: terms.get(id) ?? [] });
    }
    return out;
  }

  private async withCards(items: PoolItem[]): Promise<RecommendedPick[]> {
    const cards = await this.deps.cards.get(items.map((it) => it.articleId));
    // Cards come back in the order asked, less those no longer published.
    const out: RecommendedPick[] = [];
    let i = 0;
    for (const card of cards) {
      while (items[i]!.articleId !== card.id) i++;
      out.push({ card, reason: items[i]!.reason });
    }
    return out;
  }

  /** The story of an article read since a pool was made, where known without a query. */
  private storyOf(id: number): number | null | undefined {
    const facts = this.deps.features.cachedFacts(id);
    return facts ? facts.story_id : undefined;
  }

  /**
   * Builds what lists are made of (hot scores, candidate index, co-reading) now rather than
   * on first use: a server calls it at start, the benchmark and evaluation before measuring.
   */
  async warm(): Promise<void> {
    await Promise.all([this.deps.rank.refresh(), this.deps.index.rebuild(), this.deps.coReading.rebuild()]);
  }

  /**
   * Computes the 猜你喜欢 pools of the readers seen most recently, so that a returning reader's
   * first page after a (re)start costs a filter, not a computation (~0.5 ms each: a node
   * restarted under load would otherwise serve a burst of them at once). Stops after
   * `budgetMs`; yields between slices. Returns how many pools were made.
   */
  async prepare(limit = PREPARE_VISITORS, budgetMs = PREPARE_BUDGET_MS): Promise<number> {
    const started = performance.now();
    let made = 0;
    for (const visitorId of this.deps.coReading.recentVisitors(limit)) {
      if (performance.now() - started > budgetMs) break;
      if (this.guessPools.get(visitorId)?.stale === false) continue;
      const { items } = await this.computePool(visitorId, undefined, LIST_SIZE * POOL_FACTOR, []);
      this.guessPools.set(visitorId, items);
      if (++made % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return made;
  }

  /**
   * The visitor is reading this article now: their next list knows it, before the read is
   * even stored. A new visitor's whole history is this read.
   */
  noteRead(visitorId: string, articleId: number, isNew = false, storyId?: number | null): void {
    const now = this.now();
    if (isNew) this.histories.set(visitorId, [{ article_id: articleId, read_at: now }]);
    else this.histories.update(visitorId, (reads) => moveToFront(reads, { article_id: articleId, read_at: now }));
    this.guessPools.noteRead(visitorId, articleId, storyId);
    this.deps.coReading.add(visitorId, articleId);
  }

  /** 精彩推荐 for a page that already shows these articles: featured first, then the hottest of the last 24 h across categories. */
  async editorsPicks(shown: Shown[]): Promise<ArticleCard[]> {
    const pool = await this.pools.getOrLoad('picks', () => this.picksPool());
    return pickDistinct([pool, await this.fallback()], shown, LIST_SIZE);
  }

  /** 相关阅读: articles sharing the most (weighted) keywords with this one, one per story, none of its own story. */
  async related(article: Shown & { category_id: number | null }, size = RELATED_SIZE): Promise<ArticleCard[]> {
    const { features, index } = this.deps;
    const [terms, view] = await Promise.all([features.keywords([article.id]), index.current()]);
    const scores = new Map<number, number>();
    for (const { term, weight } of terms.get(article.id) ?? []) {
      const { ids, weights } = view.postings(term);
      ids.forEach((id, i) => {
        const c = view.get(id);
        if (!c || id === article.id || (article.story_id !== null && c.facts.story_id === article.story_id)) return;
        scores.set(id, (scores.get(id) ?? 0) + weight * weights[i]!);
      });
    }
    // Same category breaks near-ties: a shared term means more within one topic.
    const ranked = [...scores]
      .map(([id, s]) => ({ articleId: id, score: s * (view.get(id)!.facts.category_id === article.category_id ? 1.2 : 1) }))
      .sort((a, b) => b.score - a.score || b.articleId - a.articleId);
    const picked = diversify(ranked.slice(0, size * 10), (id) => view.get(id)!.facts, size);
    return this.deps.cards.get(picked.map((p) => p.articleId));
  }

  /** An article changed status or content: drop what was remembered of it. */
  forget(articleId: number): void {
    this.deps.features.forget(articleId);
    this.deps.cards.forget(articleId);
    this.deps.index.forget(articleId);
    this.pools.clear();
    // Which pools hold it is not tracked: such changes are editors' decisions, a few a day.
    this.guessPools.clear();
  }

  private history(visitorId: string): Promise<Read[]> {
    return this.histories.getOrLoad(visitorId, async () => this.deps.coReading.historyOf(visitorId, HISTORY) ?? this.deps.repo.readsOf(visitorId, HISTORY));
  }

  private coRead(articleId: number): Array<{ article_id: number; readers: number }> {
    let list = this.coReads.get(articleId);
    if (list === undefined) {
      list = this.deps.coReading.alsoRead(articleId);
      // Not kept while co-reading is still being read: the next request asks again.
      if (list.length > 0) this.coReads.set(articleId, list);
    }
    return list;
  }

  private async picksPool(): Promise<ArticleCard[]> {
    const since = this.now() - 24 * HOUR_MS;
    const hot = (await this.deps.rank.hotStories()).slice(0, POOL * 3);
    const facts = await this.deps.features.facts(hot.map((s) => s.articleId));
    const fresh = hot.filter((s) => s.publishedAt >= since && facts.has(s.articleId)).map((s) => ({ articleId: s.articleId }));
    // Across categories: the caps of a list of 10, so no one category takes the pool.
    const mixed = diversify(fresh, (id) => facts.get(id)!, POOL);
    const older = hot.filter((s) => facts.has(s.articleId)).map((s) => s.articleId);
    const [featured, hotCards] = await Promise.all([this.deps.articles.featured(POOL), this.deps.cards.get([...new Set([...mixed.map((m) => m.articleId), ...older])])]);
    return [...featured, ...hotCards];
  }

  /**
   * What fills a list when its own candidates run out: the hottest stories, then the newest
   * articles (an index range; the most-read query sorts the whole table at 100k articles).
   */
  private fallback(): Promise<ArticleCard[]> {
    return this.pools.getOrLoad('fallback', async () => {
      const [hot, latest] = await Promise.all([this.deps.rank.hot(POOL), this.deps.articles.latest({}, POOL)]);
      return [...hot.map((h) => h.card), ...latest];
    });
  }
}

/**
 * The history with this read first (in place: one per page view, so no copy of up to
 * HISTORY reads each time), an earlier read of the same article taken out.
 */
function moveToFront(reads: Read[], read: Read): Read[] {
  const at = reads.findIndex((r) => r.article_id === read.article_id);
  if (at >= 0) reads.splice(at, 1);
  reads.unshift(read);
  if (reads.length > HISTORY) reads.length = HISTORY;
  return reads;
}

/**
 * Up to `size` cards from the pools in order, one per story: nothing already shown, and no
 * reprint of something shown (the same story from another medium).
 */
function pickDistinct(pools: ArticleCard[][], shown: Shown[], size: number): ArticleCard[] {
  const ids = new Set(shown.map((a) => a.id));
  const stories = new Set(shown.flatMap((a) => (a.story_id === null ? [] : [a.story_id])));
  const out: ArticleCard[] = [];
  for (const card of pools.flat()) {
    if (out.length === size) break;
    if (ids.has(card.id) || (card.story_id !== null && stories.has(card.story_id))) continue;
    ids.add(card.id);
    if (card.story_id !== null) stories.add(card.story_id);
    out.push(card);
  }
  return out;
}

