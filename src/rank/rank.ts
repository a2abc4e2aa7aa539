import type { ArticleCard } from '../store/repos/articles.js';
import type { ArticleFacts, RecommendRepo } from '../store/repos/recommend.js';
import type { CardCache } from './cards.js';
import type { ArticleFeatures } from './features.js';
import { HOUR_MS, type HotStory, PRIOR_DAYS, rankStories, WINDOW_HOURS } from './hot-score.js';
import { type TrendingTerm, trendingTerms } from './trending.js';

/** Scores are recomputed this often (from the database every node shares, so nodes agree). */
export const REFRESH_MS = 60_000;
const PAGE = 2000;
const TRENDING_KEPT = 30;

export interface HotEntry {
  rank: number;
  story: HotStory;
  card: ArticleCard;
}

interface Snapshot {
  at: number;
  stories: HotStory[];
  /** Story key → hot score, for every story with one. */
  heat: Map<number, number>;
  trending: TrendingTerm[];
}

export interface RankOptions {
  now?: () => number;
  refreshMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Hot stories (site-wide and per category) and trending terms, kept in memory and
 * recomputed at most every REFRESH_MS when asked for: reading them costs no query. A stale
 * snapshot is served while the next one is computed; only the very first request waits.
 */
export class RankService {
  private snapshot: Snapshot | undefined;
  private running: Promise<Snapshot> | undefined;
  private readonly now: () => number;
  private readonly refreshMs: number;

  constructor(
    private readonly repo: RecommendRepo,
    private readonly features: ArticleFeatures,
    private readonly cards: CardCache,
    private readonly options: RankOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.refreshMs = options.refreshMs ?? REFRESH_MS;
  }

  /** Hot stories, hottest first, site-wide or in one category. */
  async hotStories(categoryId?: number): Promise<HotStory[]> {
    const { stories } = await this.current();
    return categoryId === undefined ? stories : stories.filter((s) => s.categoryId === categoryId);
  }

  /** The top `limit` hot stories with the card of the article standing for each. */
  async hot(limit: number, categoryId?: number): Promise<HotEntry[]> {
    const stories = (await this.hotStories(categoryId)).slice(0, limit);
    const cards = new Map((await this.cards.get(stories.map((s) => s.articleId))).map((c) => [c.id, c]));
    const out: HotEntry[] = [];
    for (const story of stories) {
      const card = cards.get(story.articleId);
      if (card) out.push({ rank: out.length + 1, story, card });
    }
    return out;
  }

  /** Every story's hot score by story key (see storyKey): how popular a candidate is right now. */
  async heat(): Promise<ReadonlyMap<number, number>> {
    return (await this.current()).heat;
  }

  async trending(limit: number): Promise<TrendingTerm[]> {
    return (await this.current()).trending.slice(0, limit);
  }

  /** Recomputes now (tests, and the first request). */
  async refresh(): Promise<void> {
    await this.start();
  }

  private async current(): Promise<Snapshot> {
    const snap = this.snapshot;
    if (!snap) return this.start();
    if (this.now() - snap.at >= this.refreshMs) {
      this.start().catch((err) => this.options.onError?.(err));
    }
    return snap;
  }

  private start(): Promise<Snapshot> {
    this.running ??= this.compute().then(
      (snap) => {
        this.snapshot = snap;
        this.running = undefined;
        return snap;
      },
      (err) => {
        this.running = undefined;
        throw err;
      },
    );
    return this.running;
  }

  private async compute(): Promise<Snapshot> {
    const now = this.now();
    const nowHour = Math.floor(now / HOUR_MS);
    const viewHours = await this.repo.viewHoursSince(nowHour - WINDOW_HOURS + 1);
    const recent = await this.publishedSince(now - PRIOR_DAYS * 24 * HOUR_MS);
    this.features.prime(recent);
    const facts = new Map<number, ArticleFacts>(recent.map((f) => [f.id, f]));
    const readIds = [...new Set(viewHours.map((v) => v.article_id))].filter((id) => !facts.has(id));
    // Fresh facts: read counts and story sizes move between refreshes.
    for (const f of await this.repo.facts(readIds)) facts.set(f.id, f);
    this.features.prime([...facts.values()]);

    const windowStart = now - WINDOW_HOURS * HOUR_MS;
    const published = recent.filter((f) => f.published_at >= windowStart);
    const keywords = await this.features.keywords([...new Set([...viewHours.map((v) => v.article_id), ...published.map((p) => p.id)])]);
    const terms = new Map<number, string[]>();
    for (const [id, list] of keywords) terms.set(id, list.map((k) => k.term));
    const stories = rankStories(viewHours, facts, now);
    return {
      at: now,
      stories,
      heat: new Map(stories.map((s) => [s.key, s.score])),
      trending: trendingTerms(viewHours, published, (id) => terms.get(id), now, TRENDING_KEPT),
    };
  }

  private async publishedSince(since: number): Promise<ArticleFacts[]> {
    const out: ArticleFacts[] = [];
    let after: { publishedAt: number; id: number } | undefined;
    for (;;) {
      const page = await this.repo.publishedSince(since, after, PAGE);
      out.push(...page);
      if (page.length < PAGE) return out;
      const last = page[page.length - 1]!;
      after = { publishedAt: last.published_at, id: last.id };
      // Other requests run between pages: on SQLite each query holds the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
