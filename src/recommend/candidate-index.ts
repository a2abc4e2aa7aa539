import type { ArticleFeatures, WeightedTerm } from '../rank/features.js';
import { HOUR_MS } from '../rank/hot-score.js';
import type { ArticleFacts, RecommendRepo } from '../store/repos/recommend.js';
import { Rebuilt } from '../cache/rebuilt.js';

/** Articles published this recently are candidates for 猜你喜欢 and 相关阅读. */
export const INDEX_DAYS = 14;
/** Rebuilt this often: new articles become candidates within a minute. */
export const INDEX_REFRESH_MS = 60_000;
/** Per term, the most recent articles kept: a common term's older articles add little but cost time. */
export const POSTINGS_PER_TERM = 300;
const PAGE = 2000;

export interface Posting {
  ids: number[];
  weights: number[];
}

const NO_POSTING: Posting = { ids: [], weights: [] };

export interface Candidate {
  facts: ArticleFacts;
  terms: WeightedTerm[];
}

interface Built {
  at: number;
  byId: Map<number, Candidate>;
  /** term → articles carrying it, newest first, with the term's weight in each. */
  postings: Map<string, Posting>;
  /** Every candidate, newest first. */
  newest: number[];
}

/**
 * Recent published articles with their keywords and an inverted index (keyword → articles),
 * in memory, so that a recommendation is a few map lookups rather than a query. Rebuilt
 * from the database at most every INDEX_REFRESH_MS when used (keywords come from the
 * feature cache, so a rebuild reads only the articles' facts); a stale index serves while
 * the next one is built, and only the first use waits.
 */
export class CandidateIndex {
  private readonly builds = new Rebuilt<Built>(() => this.build());
  private readonly removed = new Set<number>();

  constructor(
    private readonly repo: RecommendRepo,
    private readonly features: ArticleFeatures,
    private readonly now: () => number = Date.now,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly refreshMs = INDEX_REFRESH_MS,
  ) {}

  /** The index as it stands (building it on first use). */
  async current(): Promise<CandidateView> {
    const built = this.builds.latest ?? (await this.builds.start());
    if (this.now() - built.at >= this.refreshMs) this.builds.start().catch(this.onError);
    return new CandidateView(built, this.removed);
  }

  async rebuild(): Promise<void> {
    await this.builds.start();
  }

  /** An article left the site (hidden, taken down) or changed: no longer a candidate until the next build. */
  forget(id: number): void {
    this.removed.add(id);
  }

  private async build(): Promise<Built> {
    const now = this.now();
    const since = now - INDEX_DAYS * 24 * HOUR_MS;
    const facts: ArticleFacts[] = [];
    let after: { publishedAt: number; id: number } | undefined;
    for (;;) {
      const page = await this.repo.publishedSince(since, after, PAGE);
      facts.push(...page);
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = { publishedAt: last.published_at, id: last.id };
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.features.prime(facts);
    const keywords = await this.features.keywords(facts.map((f) => f.id));
    // Started now: articles forgotten before this build are read again by it.
    this.removed.clear();
    const byId = new Map<number, Candidate>();
    const postings = new Map<string, Posting>();
    // Newest first, so each posting list is newest first and capping keeps the recent ones.
    facts.sort((a, b) => b.published_at - a.published_at || b.id - a.id);
    for (const f of facts) {
      const terms = keywords.get(f.id) ?? [];
      byId.set(f.id, { facts: f, terms });
      for (const { term, weight } of terms) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = { ids: [], weights: [] }));
        if (list.ids.length < POSTINGS_PER_TERM) {
          list.ids.push(f.id);
          list.weights.push(weight);
        }
      }
    }
    return { at: now, byId, postings, newest: facts.map((f) => f.id) };
  }
}

/** A read-only view of one build, minus articles removed since. */
export class CandidateView {
  constructor(
    private readonly built: Built,
    private readonly removed: ReadonlySet<number>,
  ) {}

  get(id: number): Candidate | undefined {
    return this.removed.has(id) ? undefined : this.built.byId.get(id);
  }

  /** Articles carrying this term, newest first, with its weight in each (removed ones included: check with get()). */
  postings(term: string): Readonly<Posting> {
    return this.built.postings.get(term) ?? NO_POSTING;
  }

  /** Candidate ids, newest first. */
  newest(): readonly number[] {
    return this.built.newest;
  }

  get size(): number {
    return this.built.byId.size;
  }
}
