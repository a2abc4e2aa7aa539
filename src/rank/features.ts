import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleFacts, RecommendRepo } from '../store/repos/recommend.js';

/** A keyword with its weight as a share of the article's keyword weights (they sum to 1). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

// Facts (category, story, read count) move slowly and only feed scores; keywords change
// only on reindex. An article's status change drops both (see forget()).
const FACTS_TTL_MS = 5 * 60_000;
const KEYWORDS_TTL_MS = 30 * 60_000;
const ENTRIES = 200_000;

/**
 * What ranking and recommending know of articles, kept in memory so a request costs no
 * query once the articles it touches have been seen. Unpublished articles are remembered
 * as absent (null), so they cost no query either.
 */
export class ArticleFeatures {
  private readonly factCache = new TtlCache<number, ArticleFacts | null>(FACTS_TTL_MS, ENTRIES);
  private readonly keywordCache = new TtlCache<number, WeightedTerm[]>(KEYWORDS_TTL_MS, ENTRIES);

  constructor(private readonly repo: RecommendRepo) {}

  /** Facts of those of these articles that are published (from memory where known). */
  async facts(ids: Iterable<number>): Promise<Map<number, ArticleFacts>> {
    const out = new Map<number, ArticleFacts>();
    const missing: number[] = [];
    for (const id of ids) {
      const known = this.factCache.get(id);
      if (known === undefined) missing.push(id);
      else if (known !== null) out.set(id, known);
    }
    if (missing.length > 0) {
      const loaded = await this.repo.facts(missing);
      this.prime(loaded);
      for (const f of loaded) out.set(f.id, f);
      for (const id of missing) if (!out.has(id)) this.factCache.set(id, null);
    }
    return out;
  }

  /** Keywords of these articles, heaviest first; an article without any maps to []. */
  async keywords(ids: Iterable<number>): Promise<Map<number, WeightedTerm[]>> {
    const out = new Map<number, WeightedTerm[]>();
    const missing: number[] = [];
    for (const id of ids) {
      const known = this.keywordCache.get(id);
      if (known === undefined) missing.push(id);
      else out.set(id, known);
    }
    if (missing.length > 0) {
      const byArticle = new Map<number, WeightedTerm[]>(missing.map((id) => [id, []]));
      for (const row of await this.repo.keywordsOf(missing)) byArticle.get(row.article_id)?.push({ term: row.term, weight: row.weight });
      for (const [id, terms] of byArticle) {
        const normalized = normalize(terms);
        this.keywordCache.set(id, normalized);
        out.set(id, normalized);
      }
    }
    return out;
  }

  /** Keywords already in memory (no query): for code that must not wait. */
  cachedKeywords(id: number): WeightedTerm[] | undefined {
    return this.keywordCache.get(id);
  }

  cachedFacts(id: number): ArticleFacts | null | undefined {
    return this.factCache.get(id);
  }

  /** Remembers facts read elsewhere (a bulk load), sparing a query later. */
  prime(facts: ArticleFacts[]): void {
    for (const f of facts) this.factCache.set(f.id, f);
  }

  /** An article changed (status, category, title): read it again next time. */
  forget(id: number): void {
    this.factCache.delete(id);
    this.keywordCache.delete(id);
  }
}

function normalize(terms: WeightedTerm[]): WeightedTerm[] {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total <= 0) return [];
  return terms.map((t) => ({ term: t.term, weight: t.weight / total })).sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
}
