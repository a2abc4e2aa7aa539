import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';
import { type ArticleCard, publishedCards } from './articles.js';

/** Values per IN list: far below SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

/** What ranking and recommending need to know of a published article (no text). */
export interface ArticleFacts {
  id: number;
  title: string;
  story_id: number | null;
  category_id: number | null;
  source_id: number;
  published_at: number;
  view_count: number;
  /** How many articles (media) carry its story; 1 without a story. */
  story_size: number;
}

export interface ViewHour {
  article_id: number;
  hour: number;
  views: number;
}

export interface KeywordRow {
  article_id: number;
  term: string;
  weight: number;
}

export interface ReadPosition {
  visitorId: string;
  articleId: number;
}

export interface Read {
  article_id: number;
  read_at: number;
}

/**
 * Reads what the audience side writes (visitor_reads, article_view_hours) and the facts
 * of published articles, for hot scores, trending terms and 猜你喜欢. Read-only.
 */
export class RecommendRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Hourly read counts of published articles from `sinceHour` on. */
  viewHoursSince(sinceHour: number): Promise<ViewHour[]> {
    return this.db
      .selectFrom('article_view_hours')
      .innerJoin('articles', 'articles.id', 'article_view_hours.article_id')
      .select(['article_view_hours.article_id', 'article_view_hours.hour', 'article_view_hours.views'])
      .where('article_view_hours.hour', '>=', sinceHour)
      .where('articles.status', '=', 'published')
      .execute();
  }

  /** Facts of those of these articles that are published. */
  async facts(ids: number[]): Promise<ArticleFacts[]> {
    const out: ArticleFacts[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) {
      out.push(...(await this.factsQuery().where('articles.id', 'in', unique.slice(i, i + BATCH)).execute()));
    }
    return out.map(numeric);
  }

  /**
   * Facts of articles published at or after `since`, in publication order, a page at a
   * time after the given position (keyset pagination over the status/published_at index).
   */
  async publishedSince(since: number, after: { publishedAt: number; id: number } | undefined, limit: number): Promise<ArticleFacts[]> {
    let query = this.factsQuery().where('articles.published_at', '>=', since);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('articles.published_at', '>', after.publishedAt),
          eb.and([eb('articles.published_at', '=', after.publishedAt), eb('articles.id', '>', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('articles.published_at').orderBy('articles.id').limit(limit).execute();
    return rows.map(numeric);
  }

  async keywordsOf(ids: number[]): Promise<KeywordRow[]> {
    const out: KeywordRow[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('article_keywords')
        .select(['article_id', 'term', 'weight'])
        .where('article_id', 'in', unique.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.push({ article_id: r.article_id, term: r.term, weight: Number(r.weight) });
    }
    return out;
  }

  /** A visitor's most recent reads of published articles, newest first. */
  async readsOf(visitorId: string, limit: number): Promise<Read[]> {
    const rows = await this.db
      .selectFrom('visitor_reads')
      .innerJoin('articles', 'articles.id', 'visitor_reads.article_id')
      .select(['visitor_reads.article_id', 'visitor_reads.read_at'])
      .where('visitor_reads.visitor_id', '=', visitorId)
      .where('articles.status', '=', 'published')
      .orderBy('visitor_reads.read_at', 'desc')
      .orderBy('visitor_reads.article_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ article_id: r.article_id, read_at: Number(r.read_at) }));
  }

  /**
   * Every visitor's reads, a page at a time in (visitor, article) order after the given
   * position: keyset pagination over the primary key, so each page is an index range.
   * `next` is where the following page starts, undefined after the last.
   */
  async readsPage(
    after: ReadPosition | undefined,
    limit: number,
  ): Promise<{ reads: Array<Read & { visitor_id: string }>; next: ReadPosition | undefined }> {
    let query = this.db.selectFrom('visitor_reads').select(['visitor_id', 'article_id', 'read_at']);
    if (after) query = query.where(sql<boolean>`(visitor_id, article_id) > (${after.visitorId}, ${after.articleId})`);
    const rows = await query.orderBy('visitor_id').orderBy('article_id').limit(limit).execute();
    const reads = rows.map((r) => ({ visitor_id: r.visitor_id, article_id: r.article_id, read_at: Number(r.read_at) }));
    const last = reads.at(-1);
    return { reads, next: reads.length < limit || !last ? undefined : { visitorId: last.visitor_id, articleId: last.article_id } };
  }

  /** List cards of those of these articles that are published, in no particular order. */
  async cards(ids: number[]): Promise<ArticleCard[]> {
    const out: ArticleCard[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const rows = await publishedCards(this.db)
        .where('articles.id', 'in', unique.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.push({ ...r, published_at: Number(r.published_at), view_count: Number(r.view_count) });
    }
    return out;
  }

  private factsQuery() {
    return this.db
      .selectFrom('articles')
      .innerJoin('article_stats', 'article_stats.article_id', 'articles.id')
      .leftJoin('stories', 'stories.id', 'articles.story_id')
      .select([
        'articles.id',
        'articles.title',
        'articles.story_id',
        'articles.category_id',
        'articles.source_id',
        'articles.published_at',
        'article_stats.view_count',
        sql<number>`coalesce(stories.article_count, 1)`.as('story_size'),
      ])
      .where('articles.status', '=', 'published');
  }
}

// PostgreSQL hands bigint columns back as strings.
function numeric(r: ArticleFacts): ArticleFacts {
  return { ...r, published_at: Number(r.published_at), view_count: Number(r.view_count), story_size: Number(r.story_size) };
}
