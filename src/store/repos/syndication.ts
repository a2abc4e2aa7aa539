import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';
import type { ListFilter } from './articles.js';

/** What a feed entry shows of an article: enough to credit its source and link both ways. */
export interface FeedArticle {
  id: number;
  title: string;
  /** The original, on the source's site. */
  url: string;
  author: string | null;
  summary: string;
  published_at: number;
  created_at: number;
  source_name: string;
  source_slug: string;
  source_site_url: string | null;
  source_feed_url: string | null;
  category_name: string | null;
  category_slug: string | null;
}

/** One article sitemap: the published articles whose id falls in its range. */
export interface SitemapBucket {
  /** 0-based; the sitemap holds ids bucket*size+1 … (bucket+1)*size. */
  bucket: number;
  count: number;
  /** Newest of the articles' times (epoch ms). */
  lastmod: number;
}

export interface SitemapArticle {
  id: number;
  published_at: number;
  created_at: number;
}

export interface NewsArticle {
  id: number;
  title: string;
  published_at: number;
}

/** A listing page (a category or a source) and when something last appeared on it. */
export interface ListingPage {
  slug: string;
  lastmod: number;
}

/**
 * Reads for machine clients (feeds, sitemaps). Only published articles, ever: hidden and
 * taken-down ones must not reach a feed reader or a search engine.
 */
export class SyndicationRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** The newest published articles, newest first. */
  latestForFeed(filter: ListFilter, limit: number): Promise<FeedArticle[]> {
    let query = this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .leftJoin('categories', 'categories.id', 'articles.category_id')
      .select([
        'articles.id',
        'articles.title',
        'articles.url',
        'articles.author',
        'articles.summary',
        'articles.published_at',
        'articles.created_at',
        'sources.name as source_name',
        'sources.slug as source_slug',
        'sources.site_url as source_site_url',
        'sources.feed_url as source_feed_url',
        'categories.name as category_name',
        'categories.slug as category_slug',
      ])
      .where('articles.status', '=', 'published');
    if (filter.categoryId !== undefined) query = query.where('articles.category_id', '=', filter.categoryId);
    if (filter.sourceId !== undefined) query = query.where('articles.source_id', '=', filter.sourceId);
    return query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).execute();
  }

  /**
   * The non-empty id ranges of `size` ids. Ranges by id keep every article in the same
   * sitemap for good, so a crawler's copy of the others stays valid.
   */
  async sitemapBuckets(size: number): Promise<SitemapBucket[]> {
    // Integer division on both dialects: both operands are integers.
    const bucket = sql<number>`(articles.id - 1) / ${sql.lit(size)}`;
    const rows = await this.db
      .selectFrom('articles')
      .select([
        bucket.as('bucket'),
        (eb) => eb.fn.countAll<number>().as('count'),
        (eb) => eb.fn.max('articles.created_at').as('created'),
        (eb) => eb.fn.max('articles.published_at').as('published'),
      ])
      .where('articles.status', '=', 'published')
      .groupBy(bucket)
      .orderBy(bucket)
      .execute();
    return rows.map((r) => ({
      bucket: Number(r.bucket),
      count: Number(r.count),
      lastmod: Math.max(Number(r.created), Number(r.published)),
    }));
  }

  /** Published articles with ids from `firstId` to `lastId`, by id. */
  sitemapArticles(firstId: number, lastId: number): Promise<SitemapArticle[]> {
    return this.db
      .selectFrom('articles')
      .select(['id', 'published_at', 'created_at'])
      .where('status', '=', 'published')
      .where('id', '>=', firstId)
      .where('id', '<=', lastId)
      .orderBy('id')
      .execute();
  }

  /** Published articles published since `since`, newest first. */
  publishedSince(since: number, limit: number): Promise<NewsArticle[]> {
    return this.db
      .selectFrom('articles')
      .select(['id', 'title', 'published_at'])
      .where('status', '=', 'published')
      .where('published_at', '>=', since)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Categories with at least one published article, with the newest one's time. */
  async categoryPages(): Promise<ListingPage[]> {
    const rows = await this.db
      .selectFrom('categories')
      .innerJoin('articles', 'articles.category_id', 'categories.id')
      .select(['categories.slug', (eb) => eb.fn.max('articles.published_at').as('lastmod')])
      .where('articles.status', '=', 'published')
      .groupBy(['categories.id', 'categories.slug', 'categories.position'])
      .orderBy('categories.position')
      .orderBy('categories.id')
      .execute();
    return rows.map((r) => ({ slug: r.slug, lastmod: Number(r.lastmod) }));
  }

  /** Sources with at least one published article, with the newest one's time. */
  async sourcePages(): Promise<ListingPage[]> {
    const rows = await this.db
      .selectFrom('sources')
      .innerJoin('articles', 'articles.source_id', 'sources.id')
      .select(['sources.slug', (eb) => eb.fn.max('articles.published_at').as('lastmod')])
      .where('articles.status', '=', 'published')
      .groupBy(['sources.id', 'sources.slug'])
      .orderBy('sources.id')
      .execute();
    return rows.map((r) => ({ slug: r.slug, lastmod: Number(r.lastmod) }));
  }
}
