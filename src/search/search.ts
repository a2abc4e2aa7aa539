import { type Bus, TOPICS } from '../cluster/bus.js';
import { PAGE_SIZE, type Page } from '../articles/articles.js';
import type { ArticleCard, Repos } from '../store/repos/index.js';
import { Highlighter } from './highlight.js';
import type { SearchIndex } from './search-index.js';
import { MAX_QUERY_CHARS, MAX_SNIPPET_SOURCE_CHARS, queryTerms, searchDocumentOf } from './terms.js';

/**
 * How many of the newest matches are ranked. A common term matches a large part of a big
 * corpus; ranking every match would cost time in proportion to it. News search wants the
 * recent anyway, so the index hands over the `CANDIDATE_WINDOW` newest matches and those
 * are ranked by relevance × recency (bench/search.ts measures this at 1M articles).
 * Deeper pages than the window allows are not offered.
 */
export const CANDIDATE_WINDOW = 1000;
/**
 * Recency boost: score = relevance × (1 + 1 / (1 + age / RECENCY_SCALE_MS)). A fresh
 * article's relevance counts double, one RECENCY_SCALE_MS old 1.5×, ten times as old
 * 1.09×: recent articles win among similar matches, an old article with the term in its
 * title still beats a new one that mentions it once in passing.
 */
export const RECENCY_SCALE_MS = 3 * 24 * 60 * 60 * 1000;

export function recencyFactor(ageMs: number): number {
  return 1 + 1 / (1 + Math.max(0, ageMs) / RECENCY_SCALE_MS);
}

/** A search result: a list card with the title and a snippet of the text as safe HTML, the terms in <mark>. */
export interface SearchHit extends ArticleCard {
  titleHtml: string;
  snippetHtml: string;
}

export interface SearchPage extends Page<SearchHit> {
  /** The query as searched (cut to MAX_QUERY_CHARS). */
  query: string;
  /** Its terms; none means nothing was searched. */
  terms: string[];
}

export interface SearchRequest {
  q: string;
  page: number;
}

/** Search, tags, and keeping the index in step with articles' status. */
export class SearchService {
  private readonly now: () => number;
  private readonly window: number;

  constructor(
    private readonly repos: Pick<Repos, 'articles' | 'text'> & { search: SearchIndex },
    options: { now?: () => number; window?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.window = options.window ?? CANDIDATE_WINDOW;
  }

  /** One page of results; a query with no searchable terms, or a page past the end, gives an empty page. */
  async search({ q, page }: SearchRequest): Promise<SearchPage> {
    const query = [...q.trim()].slice(0, MAX_QUERY_CHARS).join('');
    const terms = queryTerms(query);
    const empty: SearchPage = { items: [], page, pages: 1, total: 0, query, terms };
    if (terms.length === 0) return empty;
    const candidates = await this.repos.search.candidates(terms, this.window);
    // Past the window the count says how many there are, though only the window is ranked.
    const total = candidates.length < this.window ? candidates.length : await this.repos.search.count(terms);
    const pages = Math.max(1, Math.ceil(candidates.length / PAGE_SIZE));
    const now = this.now();
    const ranked = candidates
      .map((c) => ({ id: c.id, score: c.relevance * recencyFactor(now - c.published_at) }))
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    if (ranked.length === 0) return { ...empty, total, pages };
    const cards = new Map((await this.repos.articles.cardsWithText(ranked.map((r) => r.id), MAX_SNIPPET_SOURCE_CHARS)).map((c) => [c.id, c]));
    const marks = new Highlighter(terms);
    const items: SearchHit[] = [];
    for (const { id } of ranked) {
      const card = cards.get(id);
      // Hidden since the candidates were read: left out rather than shown.
      if (!card) continue;
      const { text, ...rest } = card;
      items.push({ ...rest, titleHtml: marks.html(card.title), snippetHtml: marks.snippet(text || card.summary) });
    }
    return { items, page, pages, total, query, terms };
  }

  /**
   * Brings the index in step with these articles: published ones (re)indexed, others
   * (hidden, taken down, deleted) removed. Called when an article's status changes.
   */
  async sync(ids: number[]): Promise<void> {
    const docs = [];
    const gone = [];
    for (const id of new Set(ids)) {
      const article = await this.repos.articles.byId(id);
      if (article?.status === 'published') docs.push(searchDocumentOf(id, article.title, article.content_text));
      else gone.push(id);
    }
    await this.repos.search.remove(gone);
    await this.repos.search.index(docs);
  }

  /** Published articles carrying the keyword `tag`, newest first. */
  async tagged(tag: string, page: number): Promise<Page<ArticleCard>> {
    const [total, items] = await Promise.all([
      this.repos.articles.countTagged(tag),
      this.repos.articles.tagged(tag, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    ]);
    return { items, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
  }

  /** An article's keywords, strongest first: its tags. */
  async tagsOf(articleId: number): Promise<string[]> {
    return (await this.repos.text.keywordsOf(articleId)).map((k) => k.term);
  }
}

/**
 * Keeps the index in step with status changes announced on the bus (`article.changed`,
 * `{ id }`): a re-published article is indexed again; a hidden or taken-down one is
 * removed (the database triggers of migration 0004 already do that, whoever changed it).
 * Every node hears it and syncs; the writes are idempotent.
 */
export function followArticleChanges(search: SearchService, bus: Bus, onError: (err: unknown) => void): () => void {
  return bus.subscribe(TOPICS.articleChanged, (data) => {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id)) search.sync([id]).catch(onError);
  });
}
