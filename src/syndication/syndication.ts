import type { Repos } from '../store/repos/index.js';
import type { FeedArticle, ListingPage, NewsArticle, SitemapArticle, SitemapBucket } from '../store/repos/syndication.js';
import type { Category, Source } from '../store/schema.js';

export type { FeedArticle, ListingPage, NewsArticle, SitemapArticle, SitemapBucket };

/** Entries per feed: what a reader polling every few minutes needs. */
export const FEED_SIZE = 50;
/** The sitemap protocol's limit of URLs per file. */
export const SITEMAP_SIZE = 50_000;
/** Google News takes articles of the last two days, at most 1,000 per sitemap. */
export const NEWS_WINDOW_MS = 48 * 3600_000;
export const NEWS_MAX = 1000;

/** Whose articles a feed carries: the whole site, one category or one source. */
export type FeedScope = { kind: 'site' } | { kind: 'category'; category: Category } | { kind: 'source'; source: Source };

export interface SyndicationOptions {
  /** URLs per article sitemap; tests make it small. */
  sitemapSize?: number;
  now?: () => number;
}

/**
 * What feeds and sitemaps are made of: published articles only, so an article hidden or
 * taken down is in none of them. (The web layer keeps built documents for a while and
 * drops them when an article changes.)
 */
export class SyndicationService {
  readonly sitemapSize: number;
  private readonly now: () => number;

  constructor(
    private readonly repos: Repos,
    options: SyndicationOptions = {},
  ) {
    this.sitemapSize = options.sitemapSize ?? SITEMAP_SIZE;
    this.now = options.now ?? Date.now;
  }

  feedItems(scope: FeedScope): Promise<FeedArticle[]> {
    const filter =
      scope.kind === 'category' ? { categoryId: scope.category.id } : scope.kind === 'source' ? { sourceId: scope.source.id } : {};
    return this.repos.syndication.latestForFeed(filter, FEED_SIZE);
  }

  /** The article sitemaps that have at least one URL (the protocol forbids an empty one). */
  sitemapBuckets(): Promise<SitemapBucket[]> {
    return this.repos.syndication.sitemapBuckets(this.sitemapSize);
  }

  /** The articles of article sitemap `n` (1-based); empty when it has none. */
  sitemapArticles(n: number): Promise<SitemapArticle[]> {
    const first = (n - 1) * this.sitemapSize + 1;
    return this.repos.syndication.sitemapArticles(first, first + this.sitemapSize - 1);
  }

  newsArticles(): Promise<NewsArticle[]> {
    return this.repos.syndication.publishedSince(this.now() - NEWS_WINDOW_MS, NEWS_MAX);
  }

  async listingPages(): Promise<{ categories: ListingPage[]; sources: ListingPage[] }> {
    const [categories, sources] = await Promise.all([this.repos.syndication.categoryPages(), this.repos.syndication.sourcePages()]);
    return { categories, sources };
  }
}
